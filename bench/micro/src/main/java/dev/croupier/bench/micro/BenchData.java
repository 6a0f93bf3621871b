package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.simulator.Simulator;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.udfs.balance.LedgerEntries;
import dev.croupier.udfs.balance.LedgerEntry;
import dev.croupier.udfs.fraud.PlayerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The input of every benchmark: the simulator's events (realistic mix of bets, settlements,
 * payments and logins, with its fraud scenarios), generated once per JVM in event-time order. Sizes
 * come from system properties so the smoke test can use a small set: {@value #PLAYERS_PROPERTY}
 * (default 20,000) and {@value #EVENTS_PROPERTY} (default 200,000).
 */
final class BenchData {
  static final String PLAYERS_PROPERTY = "croupier.micro.players";
  static final String EVENTS_PROPERTY = "croupier.micro.events";

  /**
   * Set to {@code true} to corrupt the inputs: every benchmark must then fail, never report a score
   * over garbage (the smoke test checks it).
   */
  static final String BROKEN_PROPERTY = "croupier.micro.broken-input";

  private static List<SpecificRecordBase> records;

  private BenchData() {}

  /** The simulator's good records, oldest first. */
  static synchronized List<SpecificRecordBase> records() {
    if (records == null) {
      int players = Integer.getInteger(PLAYERS_PROPERTY, 20_000);
      int events = Integer.getInteger(EVENTS_PROPERTY, 200_000);
      Iterator<SimEvent> it =
          Simulator.builder()
              .players(players)
              .seed(7)
              .fraudRate(0.02)
              .start(Instant.parse("2026-01-01T00:00:00Z"))
              .duration(Duration.ofDays(30))
              .build()
              .events(label -> {});
      List<SpecificRecordBase> out = new ArrayList<>(events);
      while (out.size() < events && it.hasNext()) {
        SimEvent e = it.next();
        if (!e.isBad()) {
          out.add((SpecificRecordBase) e.value());
        }
      }
      records = List.copyOf(out);
    }
    return records;
  }

  static boolean broken() {
    return Boolean.getBoolean(BROKEN_PROPERTY);
  }

  /** The records of one class, in order. */
  static <T> List<T> only(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Object r : records()) {
      if (type.isInstance(r)) {
        out.add(type.cast(r));
      }
    }
    return out;
  }

  /**
   * Every bet, settlement and payment as the balance job's ledger reads it; under {@link #broken()}
   * every entry carries an unknown symbol (from the first: a slow machine may run only a few
   * operations).
   */
  static List<LedgerEntry> ledgerEntries() {
    List<LedgerEntry> all = new ArrayList<>();
    for (Object r : records()) {
      if (r instanceof BetPlaced b) {
        all.add(LedgerEntries.of(b, "platform.bets"));
      } else if (r instanceof BetSettled s) {
        all.add(LedgerEntries.of(s, "platform.rounds"));
      } else if (r instanceof PaymentEvent p) {
        all.add(LedgerEntries.of(p, "platform.payments"));
      }
    }
    if (broken()) {
      all.forEach(e -> e.setUnknownSymbol("payment kind BROKEN"));
    }
    return all;
  }

  /** A balance hash of {@code userId} with every field set, as the balance writes send it. */
  static BalanceUpdated balanceUpdate(String userId) {
    return BalanceUpdated.newBuilder()
        .setUserId(userId)
        .setSeq(0)
        .setCurrency("EUR")
        .setBalance(123_456)
        .setDeposited(500_000)
        .setWithdrawn(100_000)
        .setStaked(2_000_000)
        .setPaidOut(1_700_000)
        .setBonus(23_456)
        .setLastEventId("bet-00000000-0000-0000-0000-000000000000")
        .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  /** Every record as the fraud job's timeline carries it. */
  static List<PlayerEvent> playerEvents() {
    List<PlayerEvent> out = new ArrayList<>();
    for (Object r : records()) {
      out.add(playerEvent(r));
    }
    return out;
  }

  static PlayerEvent playerEvent(Object r) {
    if (r instanceof BetPlaced b) {
      return PlayerEvent.of(b);
    } else if (r instanceof BetSettled s) {
      return PlayerEvent.of(s);
    } else if (r instanceof PaymentEvent p) {
      return PlayerEvent.of(p);
    } else if (r instanceof AccountEvent a) {
      return PlayerEvent.of(a);
    }
    throw new IllegalArgumentException("not an input record: " + r.getClass());
  }

  /**
   * A copy of {@code e} moved {@code shift} ms later: the input replays lap after lap as a stream
   * that keeps moving forward, so state expires and timers fire as in a long run instead of piling
   * up. The eventId stays: the fraud steps use it only as evidence and to order events of the same
   * millisecond, and a lap never shares a millisecond with another.
   */
  static PlayerEvent shifted(PlayerEvent e, long shift) {
    PlayerEvent c = new PlayerEvent();
    c.source = e.source;
    c.eventId = e.eventId;
    c.userId = e.userId;
    c.occurredAt = e.occurredAt + shift;
    c.currency = e.currency;
    c.stake = e.stake;
    c.payout = e.payout;
    c.outcome = e.outcome;
    c.counterpartyUserId = e.counterpartyUserId;
    c.paymentKind = e.paymentKind;
    c.paymentStatus = e.paymentStatus;
    c.amount = e.amount;
    c.instrumentId = e.instrumentId;
    c.ip = e.ip;
    c.deviceId = e.deviceId;
    c.accountKind = e.accountKind;
    c.country = e.country;
    c.latitude = e.latitude;
    c.longitude = e.longitude;
    return c;
  }
}

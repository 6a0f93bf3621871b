package dev.croupier.jobs.balance;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Seeded test traffic for the balance IT: players with a currency each who deposit, bet, get
 * settled, withdraw and receive bonuses, interleaved across the three topics in event-time order;
 * then {@link TrafficNoise}: duplicate deliveries and bad records.
 */
final class BalanceTraffic {
  static final Instant BEGINNING = Instant.parse("2026-03-01T00:00:00Z");
  private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};

  private final Random random;
  private final List<Timed> timeline = new ArrayList<>();
  private long eventCounter;

  private BalanceTraffic(long seed) {
    this.random = new Random(seed);
  }

  /**
   * About {@code eventsPerPlayer × players} good events, plus the given shares of duplicate and bad
   * deliveries, in production order.
   */
  static List<Delivery> generate(
      long seed, int players, int eventsPerPlayer, double duplicateShare, double badShare) {
    BalanceTraffic t = new BalanceTraffic(seed);
    for (int p = 0; p < players; p++) {
      t.player(String.format("player-%04d", p), eventsPerPlayer);
    }
    t.timeline.sort(Comparator.comparingLong(Timed::at).thenComparingLong(Timed::order));
    List<Delivery> out = new ArrayList<>(t.timeline.size() * 11 / 10);
    for (Timed e : t.timeline) {
      out.add(e.delivery());
    }
    int good = out.size();
    TrafficNoise noise = new TrafficNoise(seed + 1);
    noise.addDuplicates(out, (int) (good * duplicateShare));
    noise.addBadRecords(out, (int) (good * badShare));
    return out;
  }

  private record Timed(long at, long order, Delivery delivery) {}

  private void player(String user, int events) {
    String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
    long at = BEGINNING.toEpochMilli() + random.nextInt(3_600_000);
    at =
        payment(
            user,
            currency,
            PaymentKind.DEPOSIT,
            PaymentStatus.COMPLETED,
            amount(2_000, 50_000),
            at);
    int emitted = 1;
    while (emitted < events) {
      int dice = random.nextInt(100);
      at += 1_000 + random.nextInt(60_000);
      if (dice < 70) {
        long stake = amount(10, 2_000);
        BetPlaced bet =
            BetPlaced.newBuilder()
                .setEventId(nextId(user))
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setUserId(user)
                .setBetId("bet-" + eventCounter)
                .setGameId("game-" + random.nextInt(20))
                .setRoundId("round-" + random.nextInt(1_000))
                .setSessionId("s-" + user)
                .setStake(stake)
                .setCurrency(currency)
                .build();
        add(Topics.BETS, user, bet, at);
        settle(bet, at + 500 + random.nextInt(5_000));
        emitted += 2;
      } else if (dice < 84) {
        emitted += paymentLife(user, currency, PaymentKind.DEPOSIT, at);
      } else if (dice < 94) {
        emitted += paymentLife(user, currency, PaymentKind.WITHDRAWAL, at);
      } else {
        emitted += paymentLife(user, currency, PaymentKind.BONUS, at);
      }
    }
  }

  private void settle(BetPlaced bet, long at) {
    int dice = random.nextInt(100);
    BetOutcome outcome =
        dice < 40
            ? BetOutcome.WIN
            : dice < 85 ? BetOutcome.LOSS : dice < 95 ? BetOutcome.PUSH : BetOutcome.VOID;
    long payout =
        switch (outcome) {
          case WIN -> bet.getStake() * (2 + random.nextInt(5)) / 2 + random.nextInt(3);
          case LOSS -> 0;
          case PUSH, VOID -> bet.getStake();
        };
    BetSettled s =
        BetSettled.newBuilder()
            .setEventId(nextId(bet.getUserId()))
            .setOccurredAt(Instant.ofEpochMilli(at))
            .setUserId(bet.getUserId())
            .setBetId(bet.getBetId())
            .setGameId(bet.getGameId())
            .setRoundId(bet.getRoundId())
            .setOutcome(outcome)
            .setStake(bet.getStake())
            .setPayout(payout)
            .setCurrency(bet.getCurrency())
            .setCounterpartyUserId(random.nextInt(10) == 0 ? "player-0000" : null)
            .build();
    add(Topics.ROUNDS, bet.getUserId(), s, at);
  }

  /** A payment's steps: REQUESTED, then COMPLETED or FAILED, sometimes later REVERSED. */
  private int paymentLife(String user, String currency, PaymentKind kind, long at) {
    long amount = kind == PaymentKind.BONUS ? amount(100, 5_000) : amount(500, 30_000);
    at = payment(user, currency, kind, PaymentStatus.REQUESTED, amount, at);
    boolean completed = random.nextInt(100) < 80;
    at =
        payment(
            user,
            currency,
            kind,
            completed ? PaymentStatus.COMPLETED : PaymentStatus.FAILED,
            amount,
            at + 2_000 + random.nextInt(30_000));
    if (completed && random.nextInt(100) < 8) {
      payment(
          user,
          currency,
          kind,
          PaymentStatus.REVERSED,
          amount,
          at + 60_000 + random.nextInt(600_000));
      return 3;
    }
    return 2;
  }

  private long payment(
      String user, String currency, PaymentKind kind, PaymentStatus status, long amount, long at) {
    add(
        Topics.PAYMENTS,
        user,
        paymentEvent(nextId(user), user, currency, kind, status, amount, at),
        at);
    return at;
  }

  static PaymentEvent paymentEvent(
      String eventId,
      String user,
      String currency,
      PaymentKind kind,
      PaymentStatus status,
      long amount,
      long at) {
    return PaymentEvent.newBuilder()
        .setEventId(eventId)
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setUserId(user)
        .setPaymentId("pay-" + eventId)
        .setKind(kind)
        .setStatus(status)
        .setAmount(amount)
        .setCurrency(currency)
        .setInstrumentId(kind == PaymentKind.BONUS ? null : "card-" + user)
        .setIp("10.1.2.3")
        .setDeviceId("dev-" + user)
        .build();
  }

  private void add(Topic<?> topic, String user, SpecificRecordBase r, long at) {
    timeline.add(new Timed(at, timeline.size(), Delivery.good(topic, user, r)));
  }

  private String nextId(String user) {
    return user + "-e" + (eventCounter++);
  }

  private long amount(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }
}

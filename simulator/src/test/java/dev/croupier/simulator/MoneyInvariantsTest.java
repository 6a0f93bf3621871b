package dev.croupier.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.sink.ListSink;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Money as docs/ARCHITECTURE.md defines it: minor units, never negative; PUSH and VOID pay the
 * stake back, a LOSS pays nothing, a WIN more than the stake; settlements repeat their bet;
 * payments follow their lifecycle; and the balance an oracle computes from the events never goes
 * below zero.
 */
class MoneyInvariantsTest {
  private static final Instant START = Instant.parse("2026-02-14T18:00:00Z");
  private static final Duration TWELVE_HOURS = Duration.ofHours(12);
  private static List<SimEvent> events;

  @BeforeAll
  static void simulate() {
    ListSink sink = new ListSink();
    Simulator.builder()
        .players(3_000)
        .seed(11)
        .fraudRate(0.05)
        .start(START)
        .duration(TWELVE_HOURS)
        .build()
        .run(sink, label -> {});
    events = sink.events();
  }

  @Test
  void shouldPayOutAsTheOutcomeSays() {
    Map<BetOutcome, Integer> seen = new HashMap<>();
    for (SimEvent e : events) {
      if (e.value() instanceof BetSettled s) {
        seen.merge(s.getOutcome(), 1, Integer::sum);
        assertThat(s.getStake()).isPositive();
        switch (s.getOutcome()) {
          case LOSS -> assertThat(s.getPayout()).isZero();
          case PUSH, VOID -> assertThat(s.getPayout()).isEqualTo(s.getStake());
          case WIN -> assertThat(s.getPayout()).isGreaterThan(s.getStake());
          default -> throw new AssertionError(s.getOutcome());
        }
      }
    }
    // UNKNOWN is the readers' default for a symbol added later; the simulator never sends it.
    assertThat(seen.keySet())
        .containsExactlyInAnyOrder(
            java.util.Arrays.stream(BetOutcome.values())
                .filter(o -> o != BetOutcome.UNKNOWN)
                .toArray(BetOutcome[]::new));
  }

  @Test
  void shouldSettleEachBetOnceAsPlaced() {
    Map<String, BetPlaced> open = new HashMap<>();
    long settled = 0;
    for (SimEvent e : events) {
      if (e.value() instanceof BetPlaced b) {
        assertThat(open.put(b.getBetId(), b)).isNull();
      } else if (e.value() instanceof BetSettled s) {
        BetPlaced b = open.remove(s.getBetId());
        assertThat(b).as("bet %s placed before it settles", s.getBetId()).isNotNull();
        assertThat(
                List.of(
                    s.getUserId(), s.getGameId(), s.getRoundId(), s.getStake(), s.getCurrency()))
            .isEqualTo(
                List.of(
                    b.getUserId(), b.getGameId(), b.getRoundId(), b.getStake(), b.getCurrency()));
        assertThat(s.getOccurredAt()).isAfterOrEqualTo(b.getOccurredAt());
        boolean pvp = s.getGameId().startsWith("poker");
        assertThat(s.getCounterpartyUserId() != null).isEqualTo(pvp);
        assertThat(s.getCounterpartyUserId()).isNotEqualTo(s.getUserId());
        settled++;
      }
    }
    assertThat(settled).isGreaterThan(50_000);
    Instant lastRound = START.plus(TWELVE_HOURS).minusSeconds(90);
    assertThat(open.values())
        .allMatch(
            b -> b.getOccurredAt().isAfter(lastRound),
            "only bets of the last 90 s (the longest round) may be unsettled");
  }

  @Test
  void shouldKeepEveryBalanceAtOrAboveZero() {
    Map<String, Long> balance = new HashMap<>();
    Map<String, String> currency = new HashMap<>();
    for (SimEvent e : events) {
      String user = e.key();
      long delta = 0;
      if (e.value() instanceof BetPlaced b) {
        delta = -b.getStake();
        assertThat(currency.computeIfAbsent(user, u -> b.getCurrency())).isEqualTo(b.getCurrency());
      } else if (e.value() instanceof BetSettled s) {
        delta = s.getPayout();
      } else if (e.value() instanceof PaymentEvent p) {
        assertThat(p.getAmount()).isPositive();
        assertThat(currency.computeIfAbsent(user, u -> p.getCurrency())).isEqualTo(p.getCurrency());
        delta = balanceEffect(p);
      }
      long after = balance.merge(user, delta, Long::sum);
      assertThat(after).as("balance of %s after %s", user, e.eventId()).isNotNegative();
    }
  }

  @Test
  void shouldWalkEachPaymentThroughItsLifecycle() {
    Map<String, PaymentStatus> last = new HashMap<>();
    for (SimEvent e : events) {
      if (e.value() instanceof PaymentEvent p) {
        PaymentStatus before = last.put(p.getPaymentId(), p.getStatus());
        if (p.getKind() == PaymentKind.BONUS) {
          assertThat(before).isNull();
          assertThat(p.getStatus()).isEqualTo(PaymentStatus.COMPLETED);
          assertThat(p.getInstrumentId()).isNull();
        } else if (p.getStatus() == PaymentStatus.REQUESTED) {
          assertThat(before).isNull();
        } else if (p.getKind() == PaymentKind.DEPOSIT && p.getStatus() == PaymentStatus.REVERSED) {
          assertThat(before).isEqualTo(PaymentStatus.COMPLETED);
        } else {
          assertThat(before).as("payment %s", p.getPaymentId()).isEqualTo(PaymentStatus.REQUESTED);
        }
      }
    }
    assertThat(last.values())
        .contains(
            java.util.Arrays.stream(PaymentStatus.values())
                .filter(st -> st != PaymentStatus.UNKNOWN)
                .toArray(PaymentStatus[]::new));
  }

  /**
   * The documented balance (docs/balance.md): deposits, reversals, withdrawals (back when
   * failed/reversed), bonuses.
   */
  static long balanceEffect(PaymentEvent p) {
    long a = p.getAmount();
    return switch (p.getKind()) {
      case DEPOSIT ->
          p.getStatus() == PaymentStatus.COMPLETED
              ? a
              : p.getStatus() == PaymentStatus.REVERSED ? -a : 0;
      case WITHDRAWAL ->
          p.getStatus() == PaymentStatus.REQUESTED
              ? -a
              : p.getStatus() == PaymentStatus.FAILED || p.getStatus() == PaymentStatus.REVERSED
                  ? a
                  : 0;
      case BONUS -> p.getStatus() == PaymentStatus.COMPLETED ? a : 0;
      case UNKNOWN -> throw new AssertionError("the simulator never sends an UNKNOWN kind");
    };
  }
}

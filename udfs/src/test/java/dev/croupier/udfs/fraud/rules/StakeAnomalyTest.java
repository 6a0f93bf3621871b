package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.bet;
import static dev.croupier.udfs.fraud.Events.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.HarnessChain;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.TestRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StakeAnomalyTest {
  private static final long DAYS_40 = min(40 * 24 * 60);
  private static final long BASE = 1_000;
  private HarnessChain chain;

  @BeforeEach
  void setUp() throws Exception {
    chain = HarnessChain.rule(TestRules.function(StakeAnomaly.RULE));
  }

  @AfterEach
  void tearDown() throws Exception {
    chain.close();
  }

  private static List<PlayerEvent> history(String user, long... stakes) {
    List<PlayerEvent> out = new ArrayList<>();
    for (int i = 0; i < stakes.length; i++) {
      out.add(bet(user, min(i), stakes[i]));
    }
    return out;
  }

  private static long[] around(int n, long mean, long jitter) {
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = mean + (i % 2 == 0 ? jitter : -jitter);
    }
    return s;
  }

  /** A regular player's stakes: 1, 1, 1, 1, 2, 2, 3, 4 times the base, repeated. */
  private static long[] varying(int n) {
    long[] multiples = {1, 1, 1, 1, 2, 2, 3, 4};
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = BASE * multiples[i % multiples.length];
    }
    return s;
  }

  /**
   * A doubling (martingale) bettor: the base after a win, twice the last stake after a loss; the
   * losses come in streaks of 0, 1, 0, 2, 0, 1, 3, 0, 1, 5, ... and the history ends on a streak of
   * {@code finalStreak} losses.
   */
  private static long[] martingale(int n, int finalStreak) {
    int[] streaks = {0, 1, 0, 2, 0, 1, 3, 0, 1, 5, 0, 0, 2, 1, 4, 0};
    List<Long> out = new ArrayList<>();
    for (int k = 0; out.size() < n - finalStreak - 1; k++) {
      int streak = streaks[k % streaks.length];
      for (int i = 0; i <= streak && out.size() < n - finalStreak - 1; i++) {
        out.add(BASE << i);
      }
    }
    for (int i = 0; i <= finalStreak; i++) {
      out.add(BASE << i);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** Oracle: median of log2 stakes, with no quantization. */
  private static double medianStake(long[] stakes) {
    double[] logs =
        Arrays.stream(stakes).mapToDouble(s -> Math.log(s) / Math.log(2)).sorted().toArray();
    int n = logs.length;
    double m = n % 2 == 1 ? logs[n / 2] : (logs[n / 2 - 1] + logs[n / 2]) / 2;
    return Math.pow(2, m);
  }

  /** Oracle: the rule's first definition, mean + 6 population standard deviations and 10x mean. */
  private static boolean meanAndSigmasWouldFire(long[] history, long stake) {
    double mean = Arrays.stream(history).average().orElse(0);
    double sd =
        Math.sqrt(
            Arrays.stream(history).mapToDouble(s -> (s - mean) * (s - mean)).sum()
                / history.length);
    return stake > mean + 6 * sd && stake >= 10 * mean;
  }

  private List<FraudAlert> judge(String user, long[] history, long stake) throws Exception {
    chain
        .send(history(user, history).toArray(PlayerEvent[]::new))
        .send(bet(user, min(history.length + 1), stake))
        .watermark(min(history.length + 60));
    return chain.output();
  }

  @Test
  void shouldAlertOnAStakeFarOutsideTheHabit() throws Exception {
    // Given 25 stakes of about 10.00, then one of 200.00
    long[] h = around(25, BASE, 50);
    List<FraudAlert> alerts = judge("whale", h, 20_000);

    // Then one alert with the big bet as evidence and the oracle's median
    assertThat(alerts).hasSize(1);
    FraudAlert a = alerts.get(0);
    assertThat(a.getEvidenceEventIds()).hasSize(1);
    assertThat(Double.parseDouble(a.getAttributes().get("medianStake")))
        .isCloseTo(medianStake(h), Percentage.withPercentage(0.5));
    assertThat(a.getAttributes()).containsEntry("priorBets", "25").containsEntry("stake", "20000");
  }

  @Test
  void shouldAlertOnASuddenFortyTimesStakeOfARegularPlayer() throws Exception {
    // Given a player whose stakes vary between 1x and 4x a base, then 40x the base
    assertThat(judge("stolen", varying(30), 40 * BASE)).hasSize(1);
  }

  @Test
  void shouldNotAlertOnADoublingBettorsLosingStreak() throws Exception {
    // Given a martingale bettor whose last seven losses took the stake to 128x the base
    long[] h = martingale(50, 6);
    long next = 2 * h[h.length - 1];
    assertThat(next).isEqualTo(128 * BASE);

    // Then the first definition (mean + 6 sd, 10x mean) would have fired; this one does not
    assertThat(meanAndSigmasWouldFire(h, next)).isTrue();
    assertThat(judge("doubler", h, next)).isEmpty();
  }

  @Test
  void shouldNotAlertOnAHighRollerWhoseStakesSwing() throws Exception {
    // Given stakes from 1x to 16x a base, then 40x: far above the median, but only 2.5x the largest
    long[] h = new long[30];
    for (int i = 0; i < h.length; i++) {
      h[i] = BASE << (i % 5);
    }
    assertThat(judge("roller", h, 40 * BASE)).isEmpty();
  }

  @Test
  void shouldNotJudgeBeforeTwentyBets() throws Exception {
    assertThat(judge("new", around(19, BASE, 50), 20_000)).isEmpty();
  }

  @Test
  void shouldNotAlertBelowTenTimesTheMedian() throws Exception {
    // Identical stakes: 9.9x is many spreads above the median, and 3x the largest, but below 10x
    assertThat(judge("flat", around(20, BASE, 0), 9_900)).isEmpty();
  }

  @Test
  void shouldNotAlertBelowThreeTimesTheLargest() throws Exception {
    // 20 stakes of 10.00 and one of 40.00: 110.00 is 11x the median but 2.75x the largest
    long[] h = around(21, BASE, 0);
    h[10] = 4 * BASE;
    assertThat(judge("once-bold", h, 11 * BASE)).isEmpty();
  }

  @Test
  void shouldCompareTheBigStakeWithWhatCameBeforeItInEventTime() throws Exception {
    List<PlayerEvent> all = new ArrayList<>(history("shuffled", around(22, BASE, 50)));
    PlayerEvent big = bet("shuffled", min(30), 20_000);
    all.add(big);
    Collections.shuffle(all, new Random(5));
    chain.send(all.toArray(PlayerEvent[]::new)).watermark(min(60));
    assertThat(chain.<FraudAlert>output())
        .extracting(a -> a.getEvidenceEventIds().get(0))
        .containsExactly(big.eventId);
  }

  @Test
  void shouldRunAShadowVersionBesideTheActiveOne() throws Exception {
    // Given the active version 1 and a shadow version 2 that needs only 5x the median
    chain.rules(
        TestRules.record(
            "stake-anomaly", "version: 1\nshadow:\n  version: 2\n  min-median-multiple: 5"));

    // When a regular player stakes 8x their median
    List<FraudAlert> active = judge("bolder", around(25, BASE, 0), 8 * BASE);

    // Then only the shadow version alerts, on the shadow output
    assertThat(active).isEmpty();
    assertThat(chain.shadow()).extracting(FraudAlert::getRuleVersion).containsExactly(2L);
  }

  @Test
  void shouldForgetTheHabitAfterTheHistoryTtl() throws Exception {
    chain
        .send(history("gone", around(25, BASE, 50)).toArray(PlayerEvent[]::new))
        .watermark(min(60));
    assertThat(chain.keyedStateEntries()).isGreaterThan(0);
    chain.watermark(DAYS_40);
    assertThat(chain.keyedStateEntries()).isZero();
    assertThat(chain.eventTimeTimers()).isZero();
  }
}

package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.bet;
import static dev.croupier.udfs.fraud.Events.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.HarnessChain;
import dev.croupier.udfs.fraud.PlayerEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StakeAnomalyTest {
  private static final long DAYS_40 = min(40 * 24 * 60);
  private HarnessChain chain;

  @BeforeEach
  void setUp() throws Exception {
    chain =
        HarnessChain.sorted()
            .then(
                new StakeAnomaly(FraudRules.defaults().settings(StakeAnomaly.RULE)),
                (PlayerEvent e) -> e.userId);
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

  /** Oracle: two-pass mean and population standard deviation. */
  private static double[] meanAndSd(List<PlayerEvent> bets) {
    double mean = bets.stream().mapToLong(b -> b.stake).average().orElse(0);
    double var =
        bets.stream().mapToDouble(b -> (b.stake - mean) * (b.stake - mean)).sum() / bets.size();
    return new double[] {mean, Math.sqrt(var)};
  }

  @Test
  void shouldAlertOnAStakeFarOutsideTheHabit() throws Exception {
    // Given 25 stakes of about 10.00, then one of 200.00
    List<PlayerEvent> h = history("whale", around(25, 1_000, 50));
    PlayerEvent big = bet("whale", min(30), 20_000);

    // When processed
    chain.send(h.toArray(PlayerEvent[]::new)).send(big).watermark(min(60));

    // Then one alert with the big bet as evidence and the oracle's statistics
    List<FraudAlert> alerts = chain.output();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).getEvidenceEventIds()).containsExactly(big.eventId);
    double[] oracle = meanAndSd(h);
    assertThat(Double.parseDouble(alerts.get(0).getAttributes().get("mean")))
        .isCloseTo(oracle[0], within());
    assertThat(Double.parseDouble(alerts.get(0).getAttributes().get("stdDev")))
        .isCloseTo(oracle[1], within());
    assertThat(alerts.get(0).getAttributes()).containsEntry("priorBets", "25");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.01);
  }

  @Test
  void shouldNotJudgeBeforeTwentyBets() throws Exception {
    chain
        .send(history("new", around(19, 1_000, 50)).toArray(PlayerEvent[]::new))
        .send(bet("new", min(30), 20_000))
        .watermark(min(60));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldNotAlertBelowTenTimesTheMean() throws Exception {
    // Identical stakes (standard deviation 0): 9.9x the mean is above mean + 6 sd, but below 10x
    chain
        .send(history("flat", around(20, 1_000, 0)).toArray(PlayerEvent[]::new))
        .send(bet("flat", min(30), 9_900))
        .watermark(min(60));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldNotAlertWithinSixStandardDeviations() throws Exception {
    // 18 x 1.00 and 2 x 91.00: mean 10.00, sd 27.00, mean + 6 sd = 172.00; 150.00 is 15x the mean
    long[] stakes = new long[20];
    java.util.Arrays.fill(stakes, 100);
    stakes[5] = 9_100;
    stakes[15] = 9_100;
    List<PlayerEvent> h = history("volatile", stakes);
    double[] oracle = meanAndSd(h);
    assertThat(oracle[0] + 6 * oracle[1]).isEqualTo(17_200, within());
    chain
        .send(h.toArray(PlayerEvent[]::new))
        .send(bet("volatile", min(30), 15_000))
        .watermark(min(60));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldCompareTheBigStakeWithWhatCameBeforeItInEventTime() throws Exception {
    List<PlayerEvent> all = new ArrayList<>(history("shuffled", around(22, 1_000, 50)));
    PlayerEvent big = bet("shuffled", min(30), 20_000);
    all.add(big);
    Collections.shuffle(all, new Random(5));
    chain.send(all.toArray(PlayerEvent[]::new)).watermark(min(60));
    assertThat(chain.<FraudAlert>output())
        .extracting(a -> a.getEvidenceEventIds().get(0))
        .containsExactly(big.eventId);
  }

  @Test
  void shouldForgetTheHabitAfterTheHistoryTtl() throws Exception {
    chain
        .send(history("gone", around(25, 1_000, 50)).toArray(PlayerEvent[]::new))
        .watermark(min(60));
    assertThat(chain.keyedStateEntries()).isGreaterThan(0);
    chain.watermark(DAYS_40);
    assertThat(chain.keyedStateEntries()).isZero();
    assertThat(chain.eventTimeTimers()).isZero();
  }
}

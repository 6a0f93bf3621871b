package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.min;
import static dev.croupier.udfs.fraud.Events.settled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.HarnessChain;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.TestRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PayoutAnomalyTest {
  private HarnessChain chain;

  @BeforeEach
  void setUp() throws Exception {
    chain = HarnessChain.rule(TestRules.function(PayoutAnomaly.RULE));
  }

  @AfterEach
  void tearDown() throws Exception {
    chain.close();
  }

  /** {@code n} settled bets of 1.00 each paying {@code payout}, evenly over {@code spanMinutes}. */
  private static List<PlayerEvent> settlements(
      String user, int n, long payout, double spanMinutes) {
    List<PlayerEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(settled(user, min(spanMinutes * i / (n - 1)), BetOutcome.WIN, 100, payout, null));
    }
    return out;
  }

  @Test
  void shouldAlertOnceWhenFiftySettlementsPaySixTimesTheStakes() throws Exception {
    // Given 60 settlements within 50 minutes, each paying 6x its stake
    List<PlayerEvent> s = settlements("exploiter", 60, 600, 50);

    // When they are processed
    chain.send(s.toArray(PlayerEvent[]::new)).watermark(min(120));

    // Then one alert at the 50th, with those 50 settlements as evidence
    List<FraudAlert> alerts = chain.output();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).getRuleId()).isEqualTo("payout-anomaly");
    assertThat(alerts.get(0).getEvidenceEventIds())
        .containsExactlyElementsOf(s.subList(0, 50).stream().map(e -> e.eventId).toList());
    assertThat(alerts.get(0).getAttributes())
        .containsEntry("payouts", "30000")
        .containsEntry("stakes", "5000");
  }

  @Test
  void shouldNotAlertOnOneJackpotAmongOrdinaryPlay() throws Exception {
    // Given 59 settlements paying 0.95 on average and one 500x jackpot within the hour: with it,
    // payouts are 9.4x the stakes
    List<PlayerEvent> s = settlements("lucky", 59, 95, 50);
    s.add(settled("lucky", min(51), BetOutcome.WIN, 100, 50_000, null));

    // When processed
    chain.send(s.toArray(PlayerEvent[]::new)).watermark(min(120));

    // Then no alert: the biggest payout is left out, and the rest pay under 1x
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldNotAlertOnFortyNineSettlements() throws Exception {
    chain.send(settlements("few", 49, 600, 30).toArray(PlayerEvent[]::new)).watermark(min(120));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldNotAlertBelowFiveTimesTheStakes() throws Exception {
    chain.send(settlements("lucky", 60, 499, 30).toArray(PlayerEvent[]::new)).watermark(min(120));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldNotAlertWhenTheSettlementsSpreadBeyondAnHour() throws Exception {
    // 50 settlements over 70 minutes: any hour holds at most 43
    chain.send(settlements("slow", 50, 600, 70).toArray(PlayerEvent[]::new)).watermark(min(200));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldJudgeShuffledSettlementsByEventTime() throws Exception {
    List<PlayerEvent> s = new ArrayList<>(settlements("shuffled", 55, 600, 40));
    s.addAll(settlements("shuffled-slow", 50, 600, 70));
    Collections.shuffle(s, new Random(3));
    chain.send(s.toArray(PlayerEvent[]::new)).watermark(min(200));
    assertThat(chain.<FraudAlert>output())
        .extracting(FraudAlert::getUserId)
        .containsExactly("shuffled");
  }
}

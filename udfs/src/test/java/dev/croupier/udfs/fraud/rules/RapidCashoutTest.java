package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.bet;
import static dev.croupier.udfs.fraud.Events.deposit;
import static dev.croupier.udfs.fraud.Events.min;
import static dev.croupier.udfs.fraud.Events.settled;
import static dev.croupier.udfs.fraud.Events.withdrawal;
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

class RapidCashoutTest {
  private HarnessChain chain;

  @BeforeEach
  void setUp() throws Exception {
    chain = HarnessChain.rule(TestRules.function(RapidCashout.RULE));
  }

  @AfterEach
  void tearDown() throws Exception {
    chain.close();
  }

  private List<FraudAlert> run(List<PlayerEvent> events) throws Exception {
    chain
        .send(events.stream().filter(RapidCashout::accepts).toArray(PlayerEvent[]::new))
        .watermark(min(120));
    return chain.output();
  }

  /**
   * Deposit at 0, {@code staked} in four bets over minutes 2..8, withdrawal request at {@code
   * wMinute}.
   */
  private static List<PlayerEvent> story(
      String user, long deposit, long staked, long withdrawal, double wMinute) {
    List<PlayerEvent> out = new ArrayList<>();
    out.add(deposit(user, min(0), deposit));
    for (int i = 0; i < 4; i++) {
      out.add(bet(user, min(2 + 2 * i), staked / 4));
    }
    out.add(withdrawal(user, min(wMinute), withdrawal));
    return out;
  }

  @Test
  void shouldAlertOnADepositCashedOutWithLittlePlay() throws Exception {
    // Given 150.00 deposited, 20.00 staked (13 %), 140.00 requested back after 20 minutes
    List<PlayerEvent> s = story("launderer", 15_000, 2_000, 14_000, 20);

    // When processed
    List<FraudAlert> alerts = run(s);

    // Then one alert with the deposit and the withdrawal request as evidence
    assertThat(alerts).hasSize(1);
    FraudAlert a = alerts.get(0);
    assertThat(a.getRuleId()).isEqualTo("rapid-cashout");
    assertThat(a.getEvidenceEventIds()).containsExactly(s.get(0).eventId, s.get(5).eventId);
    assertThat(a.getAttributes()).containsEntry("staked", "2000").containsEntry("deposit", "15000");
    assertThat(a.getDetectedAt().toEpochMilli()).isEqualTo(min(20));
  }

  @Test
  void shouldNotAlertOnADepositBelowOneHundred() throws Exception {
    assertThat(run(story("small", 9_999, 0, 9_999, 10))).isEmpty();
  }

  @Test
  void shouldNotAlertOnAWithdrawalBelowEightyPercent() throws Exception {
    assertThat(run(story("partial", 15_000, 0, 11_850, 10))).isEmpty(); // 79 %
  }

  @Test
  void shouldNotAlertWhenTwentyPercentWasStaked() throws Exception {
    assertThat(run(story("player", 15_000, 3_000, 15_000, 10)))
        .isEmpty(); // exactly 20 %: not "less than"
  }

  @Test
  void shouldNotAlertOnAWithdrawalJustAfterThirtyMinutes() throws Exception {
    assertThat(run(story("patient", 15_000, 0, 15_000, 31))).isEmpty();
  }

  @Test
  void shouldAlertAtExactlyThirtyMinutes() throws Exception {
    assertThat(run(story("edge", 15_000, 0, 15_000, 30))).hasSize(1);
  }

  @Test
  void shouldNotAlertWhenTheWithdrawalIsWinnings() throws Exception {
    // Given 150.00 deposited, 10.00 staked on one spin that paid 150.00, 160.00 requested back
    List<PlayerEvent> s = new ArrayList<>();
    s.add(deposit("winner", min(0), 15_000));
    s.add(bet("winner", min(2), 1_000));
    s.add(settled("winner", min(3), BetOutcome.WIN, 1_000, 15_000, null));
    s.add(withdrawal("winner", min(5), 16_000));

    // Then no alert: 140.00 of it was won, only 20.00 (13 %) is the deposit leaving unplayed
    assertThat(run(s)).isEmpty();
  }

  @Test
  void shouldPairAWithdrawalWithTheEarliestQualifyingDepositOnce() throws Exception {
    // Given two deposits and two withdrawal requests with nothing played in between
    PlayerEvent first = deposit("twice", min(0), 20_000);
    PlayerEvent second = deposit("twice", min(2), 20_000);
    PlayerEvent w1 = withdrawal("twice", min(4), 18_000);
    PlayerEvent w2 = withdrawal("twice", min(6), 18_000);

    // Then one alert pairs the first deposit with the first request; the second request finds
    // no deposit after that case
    assertThat(run(List.of(first, second, w1, w2)))
        .extracting(FraudAlert::getEvidenceEventIds)
        .containsExactly(List.of(first.eventId, w1.eventId));
  }

  @Test
  void shouldJudgeAnOpenCaseByTheVersionThatRunsWhenItCompletes() throws Exception {
    // Given a deposit of 150.00 under version 1
    PlayerEvent d = deposit("switch", min(0), 15_000);
    chain.send(d);

    // When version 2 (min-withdrawal-percent 50) arrives before a withdrawal request of 60 %
    chain.rules(TestRules.record("rapid-cashout", "version: 2\nmin-withdrawal-percent: 50"));
    PlayerEvent w = withdrawal("switch", min(10), 9_000);
    chain.send(w).watermark(min(120));

    // Then version 2 completes the case that opened under version 1 (version 1 would not have)
    assertThat(chain.<FraudAlert>output())
        .extracting(FraudAlert::getRuleVersion, FraudAlert::getEvidenceEventIds)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, List.of(d.eventId, w.eventId)));
  }

  @Test
  void shouldCountStakesByEventTimeWhateverTheArrivalOrder() throws Exception {
    // Given two stories arriving shuffled: one with 27 % staked between deposit and withdrawal, one
    // with 10 %
    List<PlayerEvent> played = story("played", 15_000, 4_000, 15_000, 20);
    List<PlayerEvent> quick = story("quick", 15_000, 1_500, 15_000, 20);
    List<PlayerEvent> all = new ArrayList<>(played);
    all.addAll(quick);
    Collections.shuffle(all, new Random(1));

    // Then only the quick one alerts
    assertThat(run(all)).extracting(FraudAlert::getUserId).containsExactly("quick");
  }
}

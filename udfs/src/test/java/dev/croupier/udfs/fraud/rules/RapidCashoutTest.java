package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.bet;
import static dev.croupier.udfs.fraud.Events.deposit;
import static dev.croupier.udfs.fraud.Events.min;
import static dev.croupier.udfs.fraud.Events.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.HarnessChain;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerSignal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RapidCashoutTest {
  private static final RapidCashout.Settings RULE =
      FraudRules.defaults().settings(RapidCashout.RULE);
  private HarnessChain chain;

  @BeforeEach
  void setUp() throws Exception {
    chain =
        HarnessChain.sorted()
            .then(RapidCashout.signals(RULE), (PlayerEvent e) -> e.userId)
            .thenCep(RapidCashout.pattern(RULE), new RapidCashout.Matches(RULE));
  }

  @AfterEach
  void tearDown() throws Exception {
    chain.close();
  }

  private List<FraudAlert> run(List<PlayerEvent> events) throws Exception {
    chain
        .send(events.stream().filter(RapidCashout::signalInput).toArray(PlayerEvent[]::new))
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

  @Test
  void shouldMatchThePatternOnStampedSignalsAlone() throws Exception {
    // Given the pattern fed directly with signals (no stamper in front)
    try (HarnessChain cep =
        new HarnessChain().thenCep(RapidCashout.pattern(RULE), new RapidCashout.Matches(RULE))) {
      PlayerSignal d = signal(PlayerSignal.Kind.DEPOSIT, min(0), 20_000, 500);
      PlayerSignal tooMuchPlay =
          signal(PlayerSignal.Kind.WITHDRAWAL_REQUEST, min(5), 20_000, 4_500);
      PlayerSignal w = signal(PlayerSignal.Kind.WITHDRAWAL_REQUEST, min(6), 16_000, 4_499);
      cep.sendSignals(d, tooMuchPlay).sendSignals(w).watermark(min(60));

      // Then the first withdrawal request (4000 staked = 20 %) does not match, the second (3999)
      // does
      List<FraudAlert> alerts = cep.output();
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).getEvidenceEventIds())
          .containsExactly("ev-" + min(0), "ev-" + min(6));
    }
  }

  static PlayerSignal signal(PlayerSignal.Kind kind, long at, long amount, long stakedSoFar) {
    PlayerSignal s = new PlayerSignal();
    s.kind = kind;
    s.userId = "u";
    s.at = at;
    s.firstAt = at;
    s.amount = amount;
    s.stakedSoFar = stakedSoFar;
    s.count = 1;
    s.evidence.add("ev-" + at);
    return s;
  }
}

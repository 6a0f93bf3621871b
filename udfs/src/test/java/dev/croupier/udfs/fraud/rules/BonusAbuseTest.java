package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.account;
import static dev.croupier.udfs.fraud.Events.bet;
import static dev.croupier.udfs.fraud.Events.bonus;
import static dev.croupier.udfs.fraud.Events.min;
import static dev.croupier.udfs.fraud.Events.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.AccountEventKind;
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

class BonusAbuseTest {
  private HarnessChain chain;

  @BeforeEach
  void setUp() throws Exception {
    chain = HarnessChain.rule(TestRules.function(BonusAbuse.RULE));
  }

  @AfterEach
  void tearDown() throws Exception {
    chain.close();
  }

  private List<FraudAlert> run(List<PlayerEvent> events) throws Exception {
    chain
        .send(events.stream().filter(BonusAbuse::accepts).toArray(PlayerEvent[]::new))
        .watermark(min(3 * 24 * 60));
    return chain.output();
  }

  /**
   * Registers at 0, gets a 20.00 bonus at 10 min, stakes {@code staked}, asks to withdraw at {@code
   * wMinute}.
   */
  private static List<PlayerEvent> story(String user, long staked, double wMinute) {
    List<PlayerEvent> s = new ArrayList<>();
    s.add(account(user, min(0), AccountEventKind.REGISTERED, "d-" + user, "2.2.2.2"));
    s.add(bet(user, min(5), 1_000)); // before the bonus: does not count
    s.add(bonus(user, min(10), 2_000));
    for (int i = 0; i < 5; i++) {
      s.add(bet(user, min(20 + i), staked / 5));
    }
    s.add(withdrawal(user, min(wMinute), 1_500));
    return s;
  }

  @Test
  void shouldAlertOnABonusCashedOutUnwagered() throws Exception {
    // Given 50.00 staked on a 20.00 bonus (less than 5x) and a withdrawal request after 3 h
    List<PlayerEvent> s = story("farmer", 5_000, 180);

    // When processed
    List<FraudAlert> alerts = run(s);

    // Then one alert with registration, bonus and withdrawal request as evidence
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).getEvidenceEventIds())
        .containsExactly(s.get(0).eventId, s.get(2).eventId, s.get(s.size() - 1).eventId);
    assertThat(alerts.get(0).getAttributes())
        .containsEntry("staked", "5000")
        .containsEntry("staked.threshold", "< 10000");
  }

  @Test
  void shouldNotAlertWhenFiveTimesTheBonusWasWagered() throws Exception {
    assertThat(run(story("wagerer", 10_000, 180))).isEmpty();
  }

  @Test
  void shouldNotAlertOnAWithdrawalMoreThanADayAfterRegistering() throws Exception {
    assertThat(run(story("later", 0, 24 * 60 + 1))).isEmpty();
  }

  @Test
  void shouldNotAlertWithoutARegistration() throws Exception {
    List<PlayerEvent> s = story("old-player", 0, 60);
    s.remove(0);
    assertThat(run(s)).isEmpty();
  }

  @Test
  void shouldJudgeShuffledEventsByEventTime() throws Exception {
    List<PlayerEvent> all = new ArrayList<>(story("x-farmer", 5_000, 60));
    all.addAll(story("x-wagerer", 10_000, 60));
    Collections.shuffle(all, new Random(8));
    assertThat(run(all)).extracting(FraudAlert::getUserId).containsExactly("x-farmer");
  }
}

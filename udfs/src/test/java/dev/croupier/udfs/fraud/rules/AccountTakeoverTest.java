package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.account;
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

class AccountTakeoverTest {
  private HarnessChain chain;

  @BeforeEach
  void setUp() throws Exception {
    chain = HarnessChain.rule(TestRules.function(AccountTakeover.RULE));
  }

  @AfterEach
  void tearDown() throws Exception {
    chain.close();
  }

  private List<FraudAlert> run(List<PlayerEvent> events) throws Exception {
    chain
        .send(events.stream().filter(AccountTakeover::accepts).toArray(PlayerEvent[]::new))
        .watermark(min(600));
    return chain.output();
  }

  /** The victim registered and logged in from home long ago. */
  private static List<PlayerEvent> history(String user) {
    List<PlayerEvent> h = new ArrayList<>();
    h.add(
        account(user, min(-10 * 24 * 60), AccountEventKind.REGISTERED, "home-" + user, "1.1.1.1"));
    h.add(
        account(user, min(-24 * 60), AccountEventKind.LOGIN_SUCCEEDED, "home-" + user, "1.1.1.1"));
    return h;
  }

  private static List<PlayerEvent> failures(String user, int n, double fromMinute) {
    List<PlayerEvent> f = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      f.add(
          account(
              user, min(fromMinute + 0.5 * i), AccountEventKind.LOGIN_FAILED, "evil", "6.6.6.6"));
    }
    return f;
  }

  private static PlayerEvent login(String user, double minute, String device, String ip) {
    return account(user, min(minute), AccountEventKind.LOGIN_SUCCEEDED, device, ip);
  }

  private static PlayerEvent payoutChange(String user, double minute) {
    return account(user, min(minute), AccountEventKind.PAYOUT_DETAILS_CHANGED, "evil", "6.6.6.6");
  }

  @Test
  void shouldAlertOnFailuresThenANewDeviceThenAPayoutChange() throws Exception {
    // Given five failed logins, a successful login from an unknown device, a payout-details change
    List<PlayerEvent> s = history("victim");
    List<PlayerEvent> f = failures("victim", 5, 0);
    PlayerEvent in = login("victim", 5, "evil", "6.6.6.6");
    PlayerEvent change = payoutChange("victim", 8);
    s.addAll(f);
    s.add(in);
    s.add(change);

    // When processed
    List<FraudAlert> alerts = run(s);

    // Then one alert: the five failures, the login and the change
    assertThat(alerts).hasSize(1);
    List<String> evidence = new ArrayList<>(f.stream().map(e -> e.eventId).toList());
    evidence.add(in.eventId);
    evidence.add(change.eventId);
    assertThat(alerts.get(0).getEvidenceEventIds()).containsExactlyElementsOf(evidence);
    assertThat(alerts.get(0).getRuleId()).isEqualTo("account-takeover");
    assertThat(alerts.get(0).getFirstEventAt().toEpochMilli()).isEqualTo(min(0));
  }

  @Test
  void shouldAlertOnceOnManyFailuresAndAWithdrawalFromANewIp() throws Exception {
    List<PlayerEvent> s = history("victim2");
    s.addAll(failures("victim2", 9, 0));
    s.add(login("victim2", 6, "home-victim2", "7.7.7.7")); // known device, new IP
    s.add(withdrawal("victim2", min(9), 50_000));
    assertThat(run(s)).hasSize(1);
  }

  @Test
  void shouldNotAlertOnFourFailures() throws Exception {
    List<PlayerEvent> s = history("careless");
    s.addAll(failures("careless", 4, 0));
    s.add(login("careless", 5, "evil", "6.6.6.6"));
    s.add(payoutChange("careless", 8));
    assertThat(run(s)).isEmpty();
  }

  @Test
  void shouldNotAlertWhenTheLoginIsFromAKnownDeviceAndIp() throws Exception {
    List<PlayerEvent> s = history("forgetful");
    s.addAll(failures("forgetful", 6, 0));
    s.add(login("forgetful", 5, "home-forgetful", "1.1.1.1"));
    s.add(payoutChange("forgetful", 8));
    assertThat(run(s)).isEmpty();
  }

  @Test
  void shouldNotAlertWhenTheChangeComesAfterFifteenMinutes() throws Exception {
    List<PlayerEvent> s = history("slow");
    s.addAll(failures("slow", 5, 0));
    s.add(login("slow", 10, "evil", "6.6.6.6"));
    s.add(payoutChange("slow", 15.5)); // 15.5 min after the first failure
    assertThat(run(s)).isEmpty();
  }

  @Test
  void shouldNotAlertWithoutTheSensitiveAction() throws Exception {
    List<PlayerEvent> s = history("lucky");
    s.addAll(failures("lucky", 6, 0));
    s.add(login("lucky", 5, "evil", "6.6.6.6"));
    assertThat(run(s)).isEmpty();
  }

  @Test
  void shouldAlertOnceForASecondActionOfTheSameCase() throws Exception {
    List<PlayerEvent> s = history("twice");
    s.addAll(failures("twice", 5, 0));
    s.add(login("twice", 5, "evil", "6.6.6.6"));
    s.add(payoutChange("twice", 7));
    s.add(withdrawal("twice", min(9), 50_000));
    assertThat(run(s)).hasSize(1);
  }

  @Test
  void shouldJudgeShuffledEventsByEventTime() throws Exception {
    // Given an attack and a near miss (the change comes before the new-device login), shuffled
    List<PlayerEvent> attack = history("a");
    attack.addAll(failures("a", 5, 0));
    attack.add(login("a", 5, "evil", "6.6.6.6"));
    attack.add(payoutChange("a", 8));
    List<PlayerEvent> miss = history("b");
    miss.addAll(failures("b", 5, 0));
    miss.add(payoutChange("b", 4));
    miss.add(login("b", 5, "evil", "6.6.6.6"));
    List<PlayerEvent> recent = new ArrayList<>(attack.subList(2, attack.size()));
    recent.addAll(miss.subList(2, miss.size()));
    Collections.shuffle(recent, new Random(9));
    List<PlayerEvent> all = new ArrayList<>(attack.subList(0, 2));
    all.addAll(miss.subList(0, 2));
    all.addAll(recent);
    assertThat(run(all)).extracting(FraudAlert::getUserId).containsExactly("a");
  }
}

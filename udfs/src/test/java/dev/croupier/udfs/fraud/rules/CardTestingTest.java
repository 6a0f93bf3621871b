package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.deposit;
import static dev.croupier.udfs.fraud.Events.failedDeposit;
import static dev.croupier.udfs.fraud.Events.min;
import static org.assertj.core.api.Assertions.assertThat;

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

class CardTestingTest {
  private HarnessChain chain;

  @BeforeEach
  void setUp() throws Exception {
    chain = HarnessChain.rule(TestRules.function(CardTesting.RULE));
  }

  @AfterEach
  void tearDown() throws Exception {
    chain.close();
  }

  private List<FraudAlert> run(List<PlayerEvent> events) throws Exception {
    chain
        .send(events.stream().filter(CardTesting::accepts).toArray(PlayerEvent[]::new))
        .watermark(min(120));
    return chain.output();
  }

  /** Failed deposits one minute apart from minute {@code from}, cycling through {@code cards}. */
  private static List<PlayerEvent> failures(String user, int n, int cards, double from) {
    List<PlayerEvent> f = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      f.add(failedDeposit(user, min(from + i), "stolen-" + (i % cards)));
    }
    return f;
  }

  @Test
  void shouldAlertOnFailedCardsThenACompletedDeposit() throws Exception {
    // Given five failed deposits on three cards and a completed deposit two minutes later
    List<PlayerEvent> f = failures("tester", 5, 3, 0);
    PlayerEvent ok = deposit("tester", min(6), 2_000);
    List<PlayerEvent> s = new ArrayList<>(f);
    s.add(ok);

    // When processed
    List<FraudAlert> alerts = run(s);

    // Then one alert with the failures and the deposit as evidence
    assertThat(alerts).hasSize(1);
    List<String> evidence = new ArrayList<>(f.stream().map(e -> e.eventId).toList());
    evidence.add(ok.eventId);
    assertThat(alerts.get(0).getEvidenceEventIds()).containsExactlyElementsOf(evidence);
    assertThat(alerts.get(0).getAttributes())
        .containsEntry("failedDeposits", "5")
        .containsEntry("instruments", "3");
  }

  @Test
  void shouldAlertOnceWhenMoreFailuresPrecedeTheDeposit() throws Exception {
    List<PlayerEvent> s = failures("busy", 8, 4, 0);
    s.add(deposit("busy", min(9), 2_000));
    assertThat(run(s)).hasSize(1);
  }

  @Test
  void shouldNotAlertOnFourFailures() throws Exception {
    List<PlayerEvent> s = failures("four", 4, 3, 0);
    s.add(deposit("four", min(6), 2_000));
    assertThat(run(s)).isEmpty();
  }

  @Test
  void shouldNotAlertOnTwoInstruments() throws Exception {
    List<PlayerEvent> s = failures("two-cards", 6, 2, 0);
    s.add(deposit("two-cards", min(7), 2_000));
    assertThat(run(s)).isEmpty();
  }

  @Test
  void shouldNotAlertWhenTheDepositCompletesAfterTenMinutes() throws Exception {
    List<PlayerEvent> s = failures("slow", 5, 3, 0);
    s.add(deposit("slow", min(10.1), 2_000));
    assertThat(run(s)).isEmpty();
  }

  @Test
  void shouldNotAlertWithoutACompletedDeposit() throws Exception {
    assertThat(run(failures("blocked", 7, 3, 0))).isEmpty();
  }

  @Test
  void shouldUseTheFirstRunThatFitsTheWindow() throws Exception {
    // Given five failures on three cards from minute 0, three more from minute 6, and a completed
    // deposit at minute 13: only the run of the last five failures (from minute 4) fits 10 min
    List<PlayerEvent> f = failures("late-run", 5, 3, 0);
    f.addAll(failures("late-run", 3, 3, 6));
    PlayerEvent ok = deposit("late-run", min(13), 2_000);
    List<PlayerEvent> s = new ArrayList<>(f);
    s.add(ok);

    // Then one alert with that run as evidence
    List<String> evidence = new ArrayList<>(f.subList(3, 8).stream().map(e -> e.eventId).toList());
    evidence.add(ok.eventId);
    assertThat(run(s)).extracting(FraudAlert::getEvidenceEventIds).containsExactly(evidence);
  }

  @Test
  void shouldJudgeShuffledEventsByEventTime() throws Exception {
    // The deposit of "early" completes before its fifth failure: no sequence
    List<PlayerEvent> early = failures("early", 5, 3, 0);
    early.add(deposit("early", min(3.5), 2_000));
    List<PlayerEvent> real = failures("real", 5, 3, 0);
    real.add(deposit("real", min(5), 2_000));
    List<PlayerEvent> all = new ArrayList<>(early);
    all.addAll(real);
    Collections.shuffle(all, new Random(4));
    assertThat(run(all)).extracting(FraudAlert::getUserId).containsExactly("real");
  }
}

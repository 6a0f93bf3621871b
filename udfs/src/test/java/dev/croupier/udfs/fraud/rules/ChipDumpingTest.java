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

class ChipDumpingTest {
  private static final long HOUR = 60;
  private HarnessChain chain;

  @BeforeEach
  void setUp() throws Exception {
    chain = HarnessChain.rule(TestRules.function(ChipDumping.RULE));
  }

  @AfterEach
  void tearDown() throws Exception {
    chain.close();
  }

  private static PlayerEvent loss(String user, double minute, long amount, String counterparty) {
    return settled(user, min(minute), BetOutcome.LOSS, amount, 0, counterparty);
  }

  private void run(List<PlayerEvent> events) throws Exception {
    List<PlayerEvent> in = events.stream().filter(ChipDumping::accepts).toList();
    chain.send(in.toArray(PlayerEvent[]::new)).watermark(min(60 * HOUR));
  }

  @Test
  void shouldAlertWhenMostLossesGoToOneCounterparty() throws Exception {
    // Given a 50.00 house-game loss and then six 100.00 losses to one partner within three hours
    List<PlayerEvent> events = new ArrayList<>();
    events.add(loss("dumper", 0, 5_000, null));
    List<PlayerEvent> toPartner = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      toPartner.add(loss("dumper", 10 + 30 * i, 10_000, "partner"));
    }
    events.addAll(toPartner);
    events.add(settled("dumper", min(200), BetOutcome.WIN, 100, 300, "partner"));

    // When they are processed
    run(events);

    // Then one alert at the fifth partner loss (550.00 total, 91 % to the partner), naming the
    // partner
    List<FraudAlert> alerts = chain.output();
    assertThat(alerts).hasSize(1);
    FraudAlert a = alerts.get(0);
    assertThat(a.getRuleId()).isEqualTo("chip-dumping");
    assertThat(a.getUserId()).isEqualTo("dumper");
    assertThat(a.getRelatedUserIds()).containsExactly("partner");
    assertThat(a.getEvidenceEventIds())
        .containsExactlyElementsOf(toPartner.subList(0, 5).stream().map(e -> e.eventId).toList());
    assertThat(a.getAttributes())
        .containsEntry("totalLosses", "55000")
        .containsEntry("counterpartyLosses", "50000");
  }

  @Test
  void shouldNotAlertBelowFiveHundredInTotal() throws Exception {
    List<PlayerEvent> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add(loss("small", 10 * i, 12_475, "partner"));
    }
    run(events); // 499.00, all to the partner
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldNotAlertWhenTheCounterpartyGetsLessThanEightyPercent() throws Exception {
    // 210.00 lost elsewhere, then 790.00 to the partner: 79 % at every point in time
    run(List.of(loss("spread", 0, 21_000, "other"), loss("spread", 5, 79_000, "partner")));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldNotAlertWhenTheLossesAreMoreThanADayApart() throws Exception {
    run(
        List.of(
            loss("patient", 0, 30_000, "partner"),
            loss("patient", 24 * 60 + 1, 30_000, "partner")));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldJudgeShuffledLossesByEventTime() throws Exception {
    // Given losses that in event time never send 80 % to the partner (a house loss always comes
    // first), arriving shuffled; in arrival order some prefixes would cross 80 %
    List<PlayerEvent> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(loss("mixed", 10 * i, 2_100, null));
      events.add(loss("mixed", 10 * i + 5, 7_900, "partner"));
    }
    Collections.shuffle(events, new Random(11));
    run(events);
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }
}

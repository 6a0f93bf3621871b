package dev.croupier.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.scenario.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a day of a 10,000-player platform with scenarios injected at 2 % of sessions, the ground
 * truth must name every rule equally often, point at evidence that was sent, and agree exactly with
 * an independent oracle of the rules: every scenario crosses its rule at its trigger, nothing else
 * crosses any rule.
 */
class ScenarioLabellingTest {
  private static final Instant MONDAY_MIDNIGHT = Instant.parse("2026-03-02T00:00:00Z");
  private static final double FRAUD_RATE = 0.02;
  private static GroundTruthCheck day;

  @BeforeAll
  static void simulateOneDay(@TempDir Path dir) {
    day =
        new GroundTruthCheck(
            Simulator.builder()
                .players(10_000)
                .seed(7)
                .fraudRate(FRAUD_RATE)
                .badRecordRate(0.0005)
                .start(MONDAY_MIDNIGHT)
                .duration(Duration.ofHours(24))
                .build(),
            dir.resolve("ground-truth.jsonl"));
  }

  @Test
  void shouldInjectEveryRuleEquallyOftenAtTheRequestedRate() {
    SimulationStats stats = day.stats;
    long drawn = stats.scenarios() + stats.scenariosDropped();
    double expected = FRAUD_RATE * stats.sessions();
    assertThat((double) drawn).isCloseTo(expected, Offset.offset(5 * Math.sqrt(expected)));
    assertThat(stats.scenariosPerRule()).hasSize(Scenarios.DEFAULTS.size());
    long min =
        stats.scenariosPerRule().values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long max =
        stats.scenariosPerRule().values().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(min).isGreaterThanOrEqualTo(15);
    assertThat(max - min)
        .as("rules take turns; only end-of-run drops differ")
        .isLessThanOrEqualTo(1 + stats.scenariosDropped());
    assertThat(day.labels).hasSize((int) stats.scenarios());
  }

  @Test
  void shouldPointEveryLabelAtEvidenceThatWasSent() {
    for (ScenarioLabel l : day.labels) {
      assertThat(l.evidenceEventIds())
          .as(l.scenarioId())
          .isNotEmpty()
          .allMatch(day.sentEventIds::contains)
          .contains(l.triggerEventId());
      assertThat(l.userIds()).isNotEmpty().allMatch(day.sentKeys::contains);
      assertThat(l.relatedUserIds()).allMatch(day.sentKeys::contains);
      assertThat(l.firstEventAt())
          .isLessThanOrEqualTo(l.triggerAt())
          .isGreaterThanOrEqualTo(MONDAY_MIDNIGHT.toEpochMilli());
      assertThat(l.triggerAt()).isLessThanOrEqualTo(l.lastEventAt());
    }
  }

  @Test
  void shouldCrossEachScenariosRuleExactlyAtItsTrigger() {
    assertThat(day.labelsNotConfirmedAtTrigger()).isEmpty();
  }

  @Test
  void shouldLetNoBackgroundPlayerCrossAnyThreshold() {
    assertThat(day.findings).isNotEmpty();
    assertThat(day.unexplainedFindings()).as("findings outside the ground truth").isEmpty();
  }

  @Test
  void shouldSendSomeBadRecordsAndOverAMillionEvents() {
    assertThat(day.stats.badRecordsPerKind().values()).allMatch(n -> n > 0);
    assertThat(day.stats.events()).isGreaterThan(1_000_000);
  }
}

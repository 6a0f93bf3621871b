package dev.croupier.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.simulator.RuleOracle.Finding;
import dev.croupier.simulator.scenario.RuleId;
import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.sink.EventSink;
import dev.croupier.simulator.sink.GroundTruthFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a day of a 10,000-player platform with scenarios injected at 2 % of sessions, the ground
 * truth must name every rule equally often, point at evidence that was sent, and agree exactly with
 * an independent oracle of the rules: every scenario crosses its rule, nothing else crosses any.
 */
class ScenarioLabellingTest {
  private static final Instant MONDAY_MIDNIGHT = Instant.parse("2026-03-02T00:00:00Z");
  private static final double FRAUD_RATE = 0.02;

  private static SimulationStats stats;
  private static List<ScenarioLabel> labels;
  private static List<Finding> findings;
  private static final Set<String> sentEventIds = new HashSet<>();
  private static final Set<String> sentKeys = new HashSet<>();

  @BeforeAll
  static void simulateOneDay(@TempDir Path dir) {
    Path groundTruth = dir.resolve("ground-truth.jsonl");
    RuleOracle oracle = new RuleOracle();
    EventSink sink = e -> {
      oracle.accept(e);
      sentKeys.add(e.key());
      if (e.eventId() != null) {
        sentEventIds.add(e.eventId());
      }
    };
    try (GroundTruthFile file = new GroundTruthFile(groundTruth)) {
      stats = Simulator.builder().players(10_000).seed(7).fraudRate(FRAUD_RATE)
          .badRecordRate(0.0005).start(MONDAY_MIDNIGHT).duration(Duration.ofHours(24)).build()
          .run(sink, file);
    }
    labels = GroundTruthFile.read(groundTruth);
    findings = oracle.findings();
  }

  @Test
  void shouldInjectEveryRuleEquallyOftenAtTheRequestedRate() {
    long drawn = stats.scenarios() + stats.scenariosDropped();
    double expected = FRAUD_RATE * stats.sessions();
    assertThat((double) drawn).isCloseTo(expected, Offset.offset(5 * Math.sqrt(expected)));
    assertThat(stats.scenariosPerRule()).hasSize(RuleId.values().length);
    long min = stats.scenariosPerRule().values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long max = stats.scenariosPerRule().values().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(min).isGreaterThanOrEqualTo(10);
    assertThat(max - min).as("rules take turns; only end-of-run drops differ")
        .isLessThanOrEqualTo(1 + stats.scenariosDropped());
    assertThat(labels).hasSize((int) stats.scenarios());
  }

  @Test
  void shouldPointEveryLabelAtEvidenceThatWasSent() {
    for (ScenarioLabel l : labels) {
      assertThat(l.evidenceEventIds()).as(l.scenarioId()).isNotEmpty().allMatch(sentEventIds::contains);
      assertThat(l.evidenceEventIds()).contains(l.triggerEventId());
      assertThat(l.userIds()).isNotEmpty().allMatch(sentKeys::contains);
      assertThat(l.relatedUserIds()).allMatch(sentKeys::contains);
      assertThat(l.firstEventAt()).isLessThanOrEqualTo(l.triggerAt());
      assertThat(l.triggerAt()).isLessThanOrEqualTo(l.lastEventAt());
      assertThat(l.firstEventAt()).isGreaterThanOrEqualTo(MONDAY_MIDNIGHT.toEpochMilli());
    }
  }

  @Test
  void shouldCrossEachScenariosRuleExactlyAtItsTrigger() {
    Map<String, Long> firstFinding = new HashMap<>();
    for (Finding f : findings) {
      for (String user : f.users()) {
        firstFinding.merge(f.rule() + "/" + user, f.at(), Math::min);
      }
    }
    for (ScenarioLabel l : labels) {
      long earliest = l.userIds().stream()
          .map(u -> firstFinding.get(l.ruleId() + "/" + u)).filter(Objects::nonNull)
          .mapToLong(Long::longValue).min().orElse(-1);
      assertThat(earliest).as("%s (%s)", l.scenarioId(), l.ruleId()).isEqualTo(l.triggerAt());
    }
  }

  @Test
  void shouldLetNoBackgroundPlayerCrossAnyThreshold() {
    Map<String, Set<String>> labelled = new HashMap<>();
    for (ScenarioLabel l : labels) {
      Set<String> users = labelled.computeIfAbsent(l.ruleId(), r -> new HashSet<>());
      users.addAll(l.userIds());
    }
    List<Finding> unexplained = new ArrayList<>();
    for (Finding f : findings) {
      if (!labelled.getOrDefault(f.rule(), Set.of()).containsAll(f.users())) {
        unexplained.add(f);
      }
    }
    assertThat(findings).isNotEmpty();
    assertThat(unexplained).as("findings outside the ground truth (false positives)").isEmpty();
  }

  @Test
  void shouldSendSomeBadRecordsLabelledAsSuch() {
    assertThat(stats.badRecordsPerKind().values()).allMatch(n -> n > 0);
    assertThat(stats.events()).isGreaterThan(1_000_000);
  }

}

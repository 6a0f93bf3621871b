package dev.croupier.simulator;

import dev.croupier.simulator.RuleOracle.Finding;
import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.sink.EventSink;
import dev.croupier.simulator.sink.GroundTruthFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a simulation through the {@link RuleOracle}, writing and re-reading the ground-truth file,
 * and compares the two: which labels the oracle confirms at their trigger, which findings no label
 * explains.
 */
final class GroundTruthCheck {
  final SimulationStats stats;
  final List<ScenarioLabel> labels;
  final List<Finding> findings;
  final Set<String> sentEventIds = new HashSet<>();
  final Set<String> sentKeys = new HashSet<>();

  GroundTruthCheck(Simulator simulator, Path groundTruth) {
    RuleOracle oracle = new RuleOracle();
    EventSink sink =
        e -> {
          oracle.accept(e);
          sentKeys.add(e.key());
          if (e.eventId() != null) {
            sentEventIds.add(e.eventId());
          }
        };
    try (GroundTruthFile file = new GroundTruthFile(groundTruth)) {
      stats = simulator.run(sink, file);
    }
    labels = GroundTruthFile.read(groundTruth);
    findings = oracle.findings();
  }

  /** Labels whose rule the oracle did not see crossed exactly at the label's trigger. */
  List<String> labelsNotConfirmedAtTrigger() {
    Map<String, Long> firstFinding = new HashMap<>();
    for (Finding f : findings) {
      for (String user : f.users()) {
        firstFinding.merge(f.rule() + "/" + user, f.at(), Math::min);
      }
    }
    List<String> wrong = new ArrayList<>();
    for (ScenarioLabel l : labels) {
      long earliest =
          l.userIds().stream()
              .map(u -> firstFinding.get(l.ruleId() + "/" + u))
              .filter(Objects::nonNull)
              .mapToLong(Long::longValue)
              .min()
              .orElse(-1);
      if (earliest != l.triggerAt()) {
        wrong.add(
            l.scenarioId()
                + " "
                + l.ruleId()
                + ": trigger at "
                + l.triggerAt()
                + ", oracle first at "
                + earliest);
      }
    }
    return wrong;
  }

  /** Findings about players no label of that rule names: false positives of a faithful job. */
  List<Finding> unexplainedFindings() {
    Map<String, Set<String>> labelled = new HashMap<>();
    for (ScenarioLabel l : labels) {
      labelled.computeIfAbsent(l.ruleId(), r -> new HashSet<>()).addAll(l.userIds());
    }
    return findings.stream()
        .filter(f -> !labelled.getOrDefault(f.rule(), Set.of()).containsAll(f.users()))
        .toList();
  }
}

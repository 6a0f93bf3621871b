package dev.croupier.platform;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.scenario.Scenarios;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores alerts against the simulator's ground truth, per rule. An alert is a true positive when a
 * scenario of its rule names its player among the scenario's {@code userIds} (not merely among the
 * related players); a scenario is detected when at least one such alert exists. Precision = true
 * positives / alerts, recall = detected scenarios / scenarios; NaN where the denominator is 0.
 */
public final class DetectionScore {

  /** What scoring needs of an alert. */
  public record Alert(String ruleId, String userId) {}

  /** One rule's figures. */
  public record RuleScore(
      String ruleId, int scenarios, int detected, int alerts, int truePositives) {
    public double precision() {
      return alerts == 0 ? Double.NaN : (double) truePositives / alerts;
    }

    public double recall() {
      return scenarios == 0 ? Double.NaN : (double) detected / scenarios;
    }
  }

  private final Map<String, RuleScore> perRule;
  private final List<ScenarioLabel> missed;
  private final List<Alert> falsePositives;

  private DetectionScore(
      Map<String, RuleScore> perRule, List<ScenarioLabel> missed, List<Alert> falsePositives) {
    this.perRule = perRule;
    this.missed = missed;
    this.falsePositives = falsePositives;
  }

  /** Scores {@code alerts} against {@code labels}; duplicates count as separate alerts. */
  public static DetectionScore of(List<ScenarioLabel> labels, List<Alert> alerts) {
    Set<Alert> truth = new HashSet<>();
    for (ScenarioLabel l : labels) {
      l.userIds().forEach(u -> truth.add(new Alert(l.ruleId(), u)));
    }
    Set<Alert> raised = new HashSet<>(alerts);
    List<ScenarioLabel> missed = new ArrayList<>();
    List<Alert> falsePositives = new ArrayList<>();
    Map<String, int[]> counts =
        new LinkedHashMap<>(); // scenarios, detected, alerts, true positives
    for (RuleId r : Scenarios.rules()) {
      counts.put(r.id(), new int[4]);
    }
    for (ScenarioLabel l : labels) {
      int[] c = counts.computeIfAbsent(l.ruleId(), k -> new int[4]);
      c[0]++;
      if (l.userIds().stream().anyMatch(u -> raised.contains(new Alert(l.ruleId(), u)))) {
        c[1]++;
      } else {
        missed.add(l);
      }
    }
    for (Alert a : alerts) {
      int[] c = counts.computeIfAbsent(a.ruleId(), k -> new int[4]);
      c[2]++;
      if (truth.contains(a)) {
        c[3]++;
      } else {
        falsePositives.add(a);
      }
    }
    Map<String, RuleScore> perRule = new LinkedHashMap<>();
    counts.forEach((rule, c) -> perRule.put(rule, new RuleScore(rule, c[0], c[1], c[2], c[3])));
    return new DetectionScore(perRule, List.copyOf(missed), List.copyOf(falsePositives));
  }

  /**
   * Every default rule (in the order of the rules file) and any other rule that raised an alert.
   */
  public Map<String, RuleScore> perRule() {
    return perRule;
  }

  /** All rules together. */
  public RuleScore total() {
    int[] t = new int[4];
    for (RuleScore r : perRule.values()) {
      t[0] += r.scenarios();
      t[1] += r.detected();
      t[2] += r.alerts();
      t[3] += r.truePositives();
    }
    return new RuleScore("all", t[0], t[1], t[2], t[3]);
  }

  /** The scenarios no alert detected. */
  public List<ScenarioLabel> missed() {
    return missed;
  }

  /** The alerts no scenario explains. */
  public List<Alert> falsePositives() {
    return falsePositives;
  }
}

package dev.croupier.platform.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.croupier.platform.DetectionScore;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.scenario.ScenarioLabel;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A backtest's figures per rule: alerts of ACTIVE and SHADOW versions and, with a ground truth,
 * precision and recall ({@link DetectionScore}) and the organic alert rate: alerts on players no
 * scenario names (not even as a related player), per 1,000 such players per day of events.
 */
public final class BacktestReport {

  /** One rule's line. NaN where a figure has no denominator (no ground truth, no alerts). */
  public record RuleLine(
      String ruleId,
      int alerts,
      int shadowAlerts,
      int scenarios,
      int detected,
      int truePositives,
      double precision,
      double recall,
      int organicAlerts,
      double organicPer1000PlayersPerDay) {}

  private final Map<String, RuleLine> rules;
  private final RuleLine total;
  private final int organicPlayers;
  private final double days;
  private final boolean scored;

  private BacktestReport(
      Map<String, RuleLine> rules,
      RuleLine total,
      int organicPlayers,
      double days,
      boolean scored) {
    this.rules = rules;
    this.total = total;
    this.organicPlayers = organicPlayers;
    this.days = days;
    this.scored = scored;
  }

  /**
   * The report of {@code result} over the events {@code log}, scored against {@code labels} (null:
   * no ground truth).
   */
  public static BacktestReport of(
      FraudBacktest.Result result, List<SimEvent> log, List<ScenarioLabel> labels) {
    List<ScenarioLabel> truth = labels == null ? List.of() : labels;
    Set<String> labelled = new HashSet<>();
    for (ScenarioLabel l : truth) {
      labelled.addAll(l.userIds());
      labelled.addAll(l.relatedUserIds());
    }
    Set<String> organic = new HashSet<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (SimEvent e : log) {
      if (!labelled.contains(e.key())) {
        organic.add(e.key());
      }
      first = Math.min(first, e.occurredAt());
      last = Math.max(last, e.occurredAt());
    }
    double days = log.isEmpty() ? 0 : Math.max(1, last - first) / 86_400_000.0;
    DetectionScore score =
        DetectionScore.of(
            truth,
            result.alerts().stream()
                .map(a -> new DetectionScore.Alert(a.getRuleId(), a.getUserId()))
                .toList());
    Map<String, int[]> extra = new TreeMap<>(); // shadow alerts, organic alerts
    for (FraudAlert a : result.shadowAlerts()) {
      extra.computeIfAbsent(a.getRuleId(), k -> new int[2])[0]++;
    }
    for (FraudAlert a : result.alerts()) {
      if (organic.contains(a.getUserId())) {
        extra.computeIfAbsent(a.getRuleId(), k -> new int[2])[1]++;
      }
    }
    Map<String, RuleLine> lines = new LinkedHashMap<>();
    for (DetectionScore.RuleScore s : score.perRule().values()) {
      lines.put(
          s.ruleId(), line(s, extra.getOrDefault(s.ruleId(), new int[2]), organic.size(), days));
    }
    extra.forEach(
        (rule, x) ->
            lines.computeIfAbsent(
                rule,
                r -> line(new DetectionScore.RuleScore(r, 0, 0, 0, 0), x, organic.size(), days)));
    int[] totalExtra = new int[2];
    extra
        .values()
        .forEach(
            x -> {
              totalExtra[0] += x[0];
              totalExtra[1] += x[1];
            });
    return new BacktestReport(
        lines,
        line(score.total(), totalExtra, organic.size(), days),
        organic.size(),
        days,
        labels != null);
  }

  private static RuleLine line(
      DetectionScore.RuleScore s, int[] x, int organicPlayers, double days) {
    double rate =
        organicPlayers == 0 || days == 0 ? Double.NaN : x[1] * 1000.0 / organicPlayers / days;
    return new RuleLine(
        s.ruleId(),
        s.alerts(),
        x[0],
        s.scenarios(),
        s.detected(),
        s.truePositives(),
        s.precision(),
        s.recall(),
        x[1],
        rate);
  }

  public Map<String, RuleLine> rules() {
    return rules;
  }

  public RuleLine total() {
    return total;
  }

  public int organicPlayers() {
    return organicPlayers;
  }

  public double days() {
    return days;
  }

  /** The figures as a table, one line per rule and a total. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%-18s %7s %7s %9s %8s %9s %7s %8s %13s%n",
            "rule",
            "alerts",
            "shadow",
            "scenarios",
            "detected",
            "precision",
            "recall",
            "organic",
            "org/1k/day"));
    for (RuleLine l : rules.values()) {
      out.append(row(l));
    }
    out.append(row(total));
    out.append(
        String.format(
            Locale.ROOT,
            "%d organic players over %.2f days%s%n",
            organicPlayers,
            days,
            scored ? "" : " (no ground truth: every player counts as organic)"));
    return out.toString();
  }

  private static String row(RuleLine l) {
    return String.format(
        Locale.ROOT,
        "%-18s %7d %7d %9d %8d %9s %7s %8d %13s%n",
        l.ruleId(),
        l.alerts(),
        l.shadowAlerts(),
        l.scenarios(),
        l.detected(),
        percent(l.precision()),
        percent(l.recall()),
        l.organicAlerts(),
        Double.isNaN(l.organicPer1000PlayersPerDay())
            ? "-"
            : String.format(Locale.ROOT, "%.2f", l.organicPer1000PlayersPerDay()));
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  /** The figures as JSON: {@code rules} (one object per rule), {@code total}, the population. */
  public String json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("organicPlayers", organicPlayers);
    doc.put("days", days);
    doc.put("scored", scored);
    doc.put("rules", rules.values().stream().map(BacktestReport::asMap).toList());
    doc.put("total", asMap(total));
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> asMap(RuleLine l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", l.ruleId());
    m.put("alerts", l.alerts());
    m.put("shadowAlerts", l.shadowAlerts());
    m.put("scenarios", l.scenarios());
    m.put("detected", l.detected());
    m.put("truePositives", l.truePositives());
    m.put("precision", nullIfNaN(l.precision()));
    m.put("recall", nullIfNaN(l.recall()));
    m.put("organicAlerts", l.organicAlerts());
    m.put("organicPer1000PlayersPerDay", nullIfNaN(l.organicPer1000PlayersPerDay()));
    return m;
  }

  private static Double nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }
}

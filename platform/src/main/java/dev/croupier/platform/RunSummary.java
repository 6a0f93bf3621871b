package dev.croupier.platform;

import dev.croupier.simulator.SimulationStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What a run did: events produced (simulator) and committed by each job, throughput, alerts and
 * dead letters, and per rule the detection score against the ground truth, the alerts of SHADOW
 * versions, and the organic alert rate ({@link OrganicRate}).
 *
 * @param wallTime from the simulator's start until every job had committed all its input (or until
 *     shutdown, if they never did)
 * @param caughtUp whether every job had committed all its input before shutdown
 * @param checkpoints each job's checkpoint counts and sizes at shutdown
 */
public record RunSummary(
    SimulationStats simulation,
    Map<String, Long> processedPerJob,
    long alerts,
    long deadLetters,
    Map<String, Long> deadLettersPerReason,
    DetectionScore detection,
    Map<String, Long> shadowAlertsPerRule,
    OrganicRate organic,
    Duration wallTime,
    boolean caughtUp,
    Map<String, CheckpointFigures> checkpoints) {

  static RunSummary of(
      SimulationStats sim,
      Map<String, JobProgress.Reading> jobs,
      OutputFeed.Snapshot out,
      DetectionScore score,
      OrganicRate organic,
      Duration wallTime,
      boolean caughtUp,
      Map<String, CheckpointFigures> checkpoints) {
    Map<String, Long> processed = new java.util.LinkedHashMap<>();
    jobs.forEach((job, r) -> processed.put(job, r.processed()));
    return new RunSummary(
        sim,
        processed,
        out.alerts().size(),
        out.deadLetters(),
        out.deadLettersPerReason(),
        score,
        out.shadowAlertsPerRule(),
        organic,
        wallTime,
        caughtUp,
        checkpoints);
  }

  /** Input records committed by the job that reads every input topic (the most of any job). */
  public long eventsProcessed() {
    return processedPerJob.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /** Events processed per second of wall time. */
  public double throughput() {
    long nanos = wallTime.toNanos();
    return nanos == 0 ? 0 : eventsProcessed() * 1e9 / nanos;
  }

  public void print(PrintWriter out) {
    SimulationStats s = simulation;
    out.println();
    out.println("== Croupier local run: summary ==");
    out.printf(
        Locale.ROOT,
        "Event time     %s .. %s%n",
        instant(s.firstEventAt()),
        instant(s.lastEventAt()));
    out.printf(
        Locale.ROOT,
        "Produced       %,d events (%,d bad on purpose) in %s, %,.0f/s%n",
        s.events(),
        s.badRecords(),
        human(s.wallTime()),
        s.eventsPerSecond());
    out.printf(
        Locale.ROOT,
        "Processed      %,d events in %s (until no lag), %,.0f/s%s%n",
        eventsProcessed(),
        human(wallTime),
        throughput(),
        caughtUp ? "" : "  (NOT caught up at shutdown)");
    StringBuilder jobs = new StringBuilder();
    processedPerJob.forEach((j, n) -> jobs.append(String.format(Locale.ROOT, "  %s %,d", j, n)));
    out.println("  per job      " + jobs.toString().trim());
    String first = "Checkpoints    ";
    for (var e : checkpoints.entrySet()) {
      out.printf(Locale.ROOT, "%s%-12s %s%n", first, e.getKey(), e.getValue().describe());
      first = "               ";
    }
    out.printf(Locale.ROOT, "Alerts         %,d%n", alerts);
    out.printf(Locale.ROOT, "Dead letters   %,d  %s%n", deadLetters, perJob(deadLettersPerReason));
    out.println();
    out.println(
        "rule               scenarios  detected  alerts  true+  precision  recall  shadow"
            + "  organic  org/1k/day");
    detection
        .perRule()
        .values()
        .forEach(
            r ->
                out.println(
                    row(r)
                        + extra(
                            shadowAlertsPerRule.getOrDefault(r.ruleId(), 0L),
                            organic.alerts(r.ruleId()),
                            organic.perThousandPlayersPerDay(r.ruleId()))));
    out.println(
        row(detection.total())
            + extra(
                shadowAlertsPerRule.values().stream().mapToLong(Long::longValue).sum(),
                organic.total(),
                organic.perThousandPlayersPerDay(null)));
    out.printf(
        Locale.ROOT,
        "Organic players %,d over %.2f days: alerts on them per 1,000 players per day above%n",
        organic.players(),
        organic.days());
    if (!detection.missed().isEmpty()) {
      out.println("Missed scenarios: ");
      detection
          .missed()
          .forEach(
              l ->
                  out.println(
                      "  "
                          + l.scenarioId()
                          + " "
                          + l.ruleId()
                          + " "
                          + l.userIds()
                          + " trigger "
                          + l.triggerEventId()));
    }
    if (!detection.falsePositives().isEmpty()) {
      out.println("False positives: " + detection.falsePositives());
    }
    out.flush();
  }

  /** {@code job/reason → n} as {@code job: reason n, reason n; job: ...}. */
  static String perJob(Map<String, Long> perReason) {
    Map<String, StringBuilder> jobs = new java.util.TreeMap<>();
    perReason.forEach(
        (key, n) -> {
          int slash = key.indexOf('/');
          StringBuilder b = jobs.computeIfAbsent(key.substring(0, slash), j -> new StringBuilder());
          b.append(b.length() == 0 ? "" : ", ")
              .append(key.substring(slash + 1))
              .append(' ')
              .append(n);
        });
    StringBuilder out = new StringBuilder();
    jobs.forEach(
        (job, reasons) ->
            out.append(out.length() == 0 ? "" : "; ").append(job).append(": ").append(reasons));
    return out.toString();
  }

  static String row(DetectionScore.RuleScore r) {
    return String.format(
        Locale.ROOT,
        "%-18s %9d %9d %7d %6d %10s %7s",
        r.ruleId(),
        r.scenarios(),
        r.detected(),
        r.alerts(),
        r.truePositives(),
        percent(r.precision()),
        percent(r.recall()));
  }

  private static String extra(long shadow, long organicAlerts, double rate) {
    return String.format(
        Locale.ROOT,
        " %7d %8d %11s",
        shadow,
        organicAlerts,
        Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.2f", rate));
  }

  static String percent(double ratio) {
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.1f %%", ratio * 100);
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 60
        ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
        : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  private static String instant(long millis) {
    return millis < 0 ? "-" : Instant.ofEpochMilli(millis).toString();
  }
}

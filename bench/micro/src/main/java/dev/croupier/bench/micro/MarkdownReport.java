package dev.croupier.bench.micro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The results of one run as Markdown: per benchmark its throughput and its ratio to the ceiling of
 * its group measured in the same run (the ratio is what compares across machines and runs).
 */
final class MarkdownReport {
  private static final String PKG = MarkdownReport.class.getPackageName() + ".";

  /** Benchmark (simple class.method) → its ceiling's method in the same class and parameters. */
  private static final Map<String, String> CEILINGS =
      Map.ofEntries(
          Map.entry(
              "DecodeBench.decodeWithTheJobsDeserializer", "DecodeBench.ceilingAvroReaderOnly"),
          Map.entry("LedgerBench.ledgerStep", "LedgerBench.ceilingKeyedRunningSum"),
          Map.entry("LedgerEntrySerdeBench.keyByHop", "LedgerEntrySerdeBench.ceilingBytesHop"),
          Map.entry(
              "LedgerEntrySerdeBench.pojoSerializerHop", "LedgerEntrySerdeBench.ceilingBytesHop"),
          Map.entry(
              "ChangelogEncodeBench.changelogEncode", "ChangelogEncodeBench.ceilingCopyBytes"),
          Map.entry(
              "ChangelogEncodeBench.freshBufferEncode", "ChangelogEncodeBench.ceilingCopyBytes"),
          Map.entry("BoardInputSerdeBench.keyByHop", "BoardInputSerdeBench.ceilingBytesHop"),
          Map.entry(
              "BoardInputSerdeBench.avroSerializerHop", "BoardInputSerdeBench.ceilingBytesHop"),
          Map.entry("PlayerEventSerdeBench.networkHop", "PlayerEventSerdeBench.ceilingBytesHop"),
          Map.entry(
              "PlayerEventSerdeBench.pojoSerializerHop", "PlayerEventSerdeBench.ceilingBytesHop"),
          Map.entry(
              "PlayerEventSerdeBench.checkpointWrite",
              "PlayerEventSerdeBench.ceilingCheckpointBytes"),
          Map.entry(
              "PlayerEventSerdeBench.pojoCheckpointWrite",
              "PlayerEventSerdeBench.ceilingCheckpointBytes"),
          Map.entry("LeaderboardBench.boardUpdate", "LeaderboardBench.ceilingKeyedRunningSum"),
          Map.entry("RedisWriteBench.balanceCompareAndSet", "RedisWriteBench.ceilingRawBatchCas"),
          Map.entry(
              "RedisWriteBench.ceilingRawBatchCas", "RedisWriteBench.ceilingRawPipelinedHset"),
          Map.entry("RedisWriteBench.alertWrites", "RedisWriteBench.ceilingRawPipelinedEvalsha"),
          Map.entry("RedisWriteBench.boardUpdates", "RedisWriteBench.ceilingRawPipelinedHset"),
          Map.entry("RedisWriteBench.boardUpdatesNetWin", "RedisWriteBench.ceilingNetWinPlainZadd"),
          Map.entry(
              "RedisWriteBench.ceilingNetWinPlainZadd", "RedisWriteBench.ceilingRawPipelinedHset"),
          Map.entry(
              "RedisWriteBench.ceilingRawPipelinedEvalsha",
              "RedisWriteBench.ceilingRawPipelinedHset"),
          Map.entry("RedisSinkBench.ledgerThenSink", "RedisSinkBench.ceilingRawBatchCas"),
          Map.entry("RedisSinkBench.ledgerStepOnly", "RedisSinkBench.ceilingRawBatchCas"));

  /**
   * Benchmark → the parameter value its other values are compared with, in the same run (below the
   * table): the sink writer with batches in flight against the synchronous one.
   */
  private static final Map<String, String> BASELINES =
      Map.of("RedisSinkBench.ledgerThenSink", "inFlight=0");

  /** The fraud steps' ceiling is a parameter value of the same method. */
  private static final String FRAUD_CEILING = "keyed-no-op";

  private final Collection<RunResult> results;
  private final String plan;
  private final double loadBefore;
  private final double loadAfter;

  MarkdownReport(Collection<RunResult> results, String plan, double loadBefore, double loadAfter) {
    this.results = results;
    this.plan = plan;
    this.loadBefore = loadBefore;
    this.loadAfter = loadAfter;
  }

  /** Patterns of the ceilings the benchmarks matching {@code include} are compared with. */
  static List<String> ceilingsFor(String include) {
    List<String> out = new ArrayList<>();
    CEILINGS.forEach(
        (bench, ceiling) -> {
          if (java.util.regex.Pattern.compile(include).matcher(PKG + bench).find()) {
            out.add(java.util.regex.Pattern.quote(PKG + ceiling) + "$");
          }
        });
    if (java.util.regex.Pattern.compile(include).matcher(PKG + "FraudRuleBench.step").find()) {
      out.add(java.util.regex.Pattern.quote(PKG + "FraudRuleBench.step") + "$");
    }
    return out;
  }

  /** The 1-minute load average, NaN where /proc is missing. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** One measured row. */
  record Row(String name, String params, double score, double error, String unit) {}

  String render() {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (RunResult r : sorted()) {
      BenchmarkParams p = r.getParams();
      Result<?> primary = r.getPrimaryResult();
      String name = p.getBenchmark().substring(PKG.length());
      String params = params(p);
      rows.put(
          name + "|" + params,
          new Row(
              name, params, primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
    }
    StringBuilder md = new StringBuilder();
    md.append("JMH ")
        .append(org.openjdk.jmh.util.Version.getPlainVersion())
        .append(", ")
        .append(plan)
        .append("; Java ")
        .append(System.getProperty("java.version"))
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores; load average (1 min) ")
        .append(String.format(Locale.ROOT, "%.2f", loadBefore))
        .append(" before, ")
        .append(String.format(Locale.ROOT, "%.2f", loadAfter))
        .append(" after; ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(".\n\n");
    md.append("| benchmark | parameters | ops/s | ± (99.9 %) | × ceiling | ceiling |\n");
    md.append("| --- | --- | ---: | ---: | ---: | --- |\n");
    for (Row row : rows.values()) {
      Row ceiling = ceilingOf(row, rows);
      md.append("| ")
          .append(row.name())
          .append(" | ")
          .append(row.params())
          .append(" | ")
          .append(number(row.score()))
          .append(" | ")
          .append(Double.isNaN(row.error()) ? "" : number(row.error()))
          .append(" | ")
          .append(ceiling == null ? (isCeiling(row) ? "ceiling" : "") : ratio(row, ceiling))
          .append(" | ")
          .append(
              ceiling == null
                  ? ""
                  : ceiling.name() + (ceiling.params().isEmpty() ? "" : " " + ceiling.params()))
          .append(" |\n");
    }
    StringBuilder baselines = new StringBuilder();
    for (Row row : rows.values()) {
      String baseline = BASELINES.get(row.name());
      Row base = baseline == null ? null : rows.get(row.name() + "|" + baseline);
      if (base != null && base != row) {
        baselines
            .append("- ")
            .append(row.name())
            .append(' ')
            .append(row.params())
            .append(" = ")
            .append(ratio(row, base))
            .append(" × ")
            .append(baseline)
            .append('\n');
      }
    }
    if (baselines.length() > 0) {
      md.append("\nAgainst a baseline of the same run:\n\n").append(baselines);
    }
    return md.toString();
  }

  private List<RunResult> sorted() {
    Map<String, RunResult> byKey = new TreeMap<>();
    for (RunResult r : results) {
      byKey.put(r.getParams().getBenchmark() + "|" + params(r.getParams()), r);
    }
    return new ArrayList<>(byKey.values());
  }

  private static String params(BenchmarkParams p) {
    List<String> out = new ArrayList<>();
    for (String k : p.getParamsKeys()) {
      out.add(k + "=" + p.getParam(k));
    }
    return String.join(" ", out);
  }

  private static boolean isCeiling(Row row) {
    return row.name().contains(".ceiling") || row.params().equals("step=" + FRAUD_CEILING);
  }

  private static Row ceilingOf(Row row, Map<String, Row> rows) {
    if (row.name().equals("FraudRuleBench.step")) {
      return row.params().equals("step=" + FRAUD_CEILING)
          ? null
          : rows.get(row.name() + "|step=" + FRAUD_CEILING);
    }
    String ceiling = CEILINGS.get(row.name());
    if (ceiling == null) {
      return null;
    }
    // A ceiling without the parameters of a state only the benchmark uses (RedisSinkBench.Sink).
    Row same = rows.get(ceiling + "|" + row.params());
    return same != null ? same : rows.get(ceiling + "|");
  }

  private static String ratio(Row row, Row ceiling) {
    double r = row.score() / ceiling.score();
    return String.format(Locale.ROOT, r < 0.1 ? "%.3f" : "%.2f", r);
  }

  private static String number(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }
}

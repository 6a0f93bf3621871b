package dev.croupier.platform.backtest;

import dev.croupier.jobs.fraud.FraudJobConfig;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.sink.EventLogReader;
import dev.croupier.simulator.sink.GroundTruthFile;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code croupier-backtest}: runs the fraud job's graph as a bounded job over recorded events with
 * the rules of a rules file, and prints per-rule alerts (and, with a ground truth, precision,
 * recall and the organic alert rate) as a table, and as JSON with {@code --json}.
 */
@Command(
    name = "croupier-backtest",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the fraud job's own graph as a bounded job over recorded events with the rules of a"
          + " rules file, and prints per-rule alerts; with --ground-truth also precision, recall"
          + " and alerts per 1,000 organic players per day.",
      "Example: croupier-backtest --events events.jsonl --rules flink-conf/fraud-rules.yaml"
          + " --ground-truth truth.jsonl --json -"
    })
public final class BacktestCli implements Callable<Integer> {

  static final class Input {
    @Option(names = "--events", paramLabel = "FILE", description = "A simulator event log.")
    Path events;

    @Option(
        names = "--topic-range",
        paramLabel = "FROM..TO",
        description =
            "A time range of the input topics by record timestamp, as two ISO instants, e.g."
                + " 2026-03-02T00:00:00Z..2026-03-03T00:00:00Z (needs --bootstrap-servers and"
                + " --registry-url).")
    String topicRange;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(names = "--rules", paramLabel = "FILE", required = true, description = "A rules file.")
  Path rules;

  @Option(
      names = "--ground-truth",
      paramLabel = "FILE",
      description = "The simulator's ground truth of the event log: adds precision and recall.")
  Path groundTruth;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the figures as JSON to FILE (- for standard output, then alone).")
  String json;

  @Option(
      names = "--alerts",
      paramLabel = "FILE",
      description = "Also write every alert (and shadow alert) as JSON lines to FILE.")
  Path alertsFile;

  @Option(names = "--bootstrap-servers", description = "Kafka, for --topic-range.")
  String bootstrapServers;

  @Option(names = "--registry-url", description = "The schema registry, for --topic-range.")
  String registryUrl;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "A fraud job setting, e.g. --set fraud.rule.bet-velocity.min-bets=25 or --set"
              + " fraud.out-of-orderness=5s.")
  Map<String, String> settings = new LinkedHashMap<>();

  private final PrintStream out;

  BacktestCli(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BacktestCli(System.out)).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> more = new LinkedHashMap<>(settings);
    if (bootstrapServers != null) {
      more.put("kafka.bootstrap-servers", bootstrapServers);
    }
    if (registryUrl != null) {
      more.put("registry.url", registryUrl);
    }
    FraudJobConfig cfg = FraudBacktest.config(rules, more);
    List<ScenarioLabel> labels = groundTruth == null ? null : GroundTruthFile.read(groundTruth);
    FraudBacktest.Result result;
    List<SimEvent> log = new ArrayList<>();
    if (input.events != null) {
      result = FraudBacktest.overEventLog(input.events, cfg);
      new EventLogReader().read(input.events, log::add);
    } else {
      String[] range = input.topicRange.split("\\.\\.", 2);
      if (range.length != 2) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--topic-range: expected FROM..TO, got " + input.topicRange);
      }
      result = FraudBacktest.overTopicRange(Instant.parse(range[0]), Instant.parse(range[1]), cfg);
    }
    BacktestReport report = BacktestReport.of(result, log, labels);
    if (!"-".equals(json)) {
      out.print(report.table());
    }
    if (json != null) {
      if (json.equals("-")) {
        out.println(report.json());
      } else {
        Files.writeString(Path.of(json), report.json(), StandardCharsets.UTF_8);
      }
    }
    if (alertsFile != null) {
      List<String> lines = new ArrayList<>();
      result.alerts().forEach(a -> lines.add(a.toString()));
      result.shadowAlerts().forEach(a -> lines.add(a.toString()));
      Files.write(alertsFile, lines, StandardCharsets.UTF_8);
    }
    return 0;
  }
}

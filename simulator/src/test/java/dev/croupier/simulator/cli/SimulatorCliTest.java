package dev.croupier.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.sink.GroundTruthFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: help, option errors that name the option and the expected form, a real run. */
class SimulatorCliTest {

  /** What one invocation printed and returned. */
  record Outcome(int exitCode, String out, String err) {}

  static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = SimulatorCli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void shouldDescribeEveryOptionInHelp() {
    Outcome help = run("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains(
            "--bootstrap-servers",
            "--registry-url",
            "--rate",
            "--players",
            "--duration",
            "--fraud-rate",
            "--seed",
            "--start",
            "--acceleration",
            "--ground-truth",
            "--kafka-property",
            "--bad-record-rate",
            "--event-log",
            "--kafka-config");
  }

  @Test
  void shouldNameTheOptionAndTheExpectedFormOfABadValue() {
    assertThat(run("--duration", "soon"))
        .satisfies(
            o -> {
              assertThat(o.exitCode()).isEqualTo(2);
              assertThat(o.err())
                  .contains("--duration", "expected a duration such as 90s, 15m, 2h");
            });
    assertThat(run("--fraud-rate", "1.5").err()).contains("--fraud-rate", "a number from 0 to 1");
    assertThat(run("--players", "many").err()).contains("--players", "'many'");
    assertThat(run("--players", "1").err()).contains("--players", "an integer from 2");
    assertThat(run("--start", "yesterday").err()).contains("--start", "ISO-8601 instant");
    assertThat(run("--rules", "card-fraud").err()).contains("--rules", "unknown rule 'card-fraud'");
    assertThat(run("--kafka-property", "acks").err()).contains("--kafka-property");
    assertThat(run("--bootstrap-servers", "localhost:9092").err()).contains("--registry-url");
    assertThat(run("--bootstrap-servers", "b:9092", "--registry-url", "ftp://x").err())
        .contains("--registry-url", "http(s) URL");
  }

  @Test
  void shouldWriteTheEventLogAndGroundTruthAndSummarise(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("events.jsonl");
    Path truth = dir.resolve("truth.jsonl");

    Outcome o =
        run(
            "--players",
            "300",
            "--seed",
            "5",
            "--start",
            "2026-06-01T12:00:00Z",
            "--duration",
            "2h",
            "--fraud-rate",
            "0.3",
            "--bad-record-rate",
            "0.01",
            "--event-log",
            events.toString(),
            "--ground-truth",
            truth.toString());

    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.out())
        .contains("Sent ", "platform.bets", "Labelled scenarios per rule", "not-wire-format");
    List<ScenarioLabel> labels = GroundTruthFile.read(truth);
    assertThat(labels).isNotEmpty();
    String log = Files.readString(events);
    assertThat(labels).allMatch(l -> log.contains(l.triggerEventId()));
  }
}

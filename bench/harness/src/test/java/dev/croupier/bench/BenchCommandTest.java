package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.bench.report.BenchReport;
import dev.croupier.drills.jobs.CroupierJob;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How the command line picks a run's measurements; no process is started. */
class BenchCommandTest {

  private static BenchCommand parse(String... args) {
    CommandLine cli = BenchCommand.commandLine();
    cli.parseArgs(args);
    return cli.getCommand();
  }

  @Test
  void shouldRunEveryMeasurementByDefault() {
    assertThat(parse().steps()).isEqualTo(BenchStep.all());
    assertThat(BenchStep.describe(parse().steps())).isEqualTo("all");
  }

  @Test
  void shouldRunOnlyTheChosenMeasurementsWhateverTheirCase() {
    BenchCommand c = parse("--only", "balances,Fraud");

    assertThat(c.steps()).containsExactly(BenchStep.BALANCES, BenchStep.FRAUD);
    assertThat(BenchStep.describe(c.steps())).startsWith("only balances, fraud (a partial run");
  }

  @Test
  void shouldDropLatencyUnderNoLatency() {
    assertThat(parse("--no-latency").steps())
        .isEqualTo(EnumSet.complementOf(EnumSet.of(BenchStep.LATENCY)));
  }

  @Test
  void shouldRefuseAnUnknownMeasurementNamingTheOption() {
    assertThatThrownBy(() -> parse("--only", "balances,ledger"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--only")
        .hasMessageContaining("ledger");
  }

  @Test
  void shouldPassEveryJobSettingToTheJobsAndRefuseOneWithoutAValue() {
    BenchCommand c =
        parse("--job-setting", "job.buffer-timeout=50ms", "--job-setting=fraud.early-alerts=false");

    assertThat(BenchRun.jobArgs(c.jobSettings))
        .containsExactly("--job.buffer-timeout=50ms", "--fraud.early-alerts=false");
    assertThat(BenchRun.jobArgs(parse().jobSettings)).isEmpty();
    assertThatThrownBy(
            () -> BenchRun.jobArgs(parse("--job-setting", "job.buffer-timeout").jobSettings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--job-setting")
        .hasMessageContaining("KEY=VALUE")
        .hasMessageContaining("job.buffer-timeout");
  }

  /** A run that is never started: for what it would give the cluster. */
  private static BenchRun unstarted(List<String> flinkJvm) {
    return new BenchRun(
        Path.of("unused"),
        Path.of("unused.jar"),
        BenchSize.SMOKE,
        2,
        BenchStep.all(),
        flinkJvm,
        line -> {});
  }

  @Test
  void shouldPutFlinkSettingsInTheClusterConfigAndJvmOptionsOnEveryFlinkProcess() {
    BenchCommand c =
        parse(
            "--flink-setting",
            "execution.checkpointing.unaligned.enabled=true",
            "--flink-jvm-option=-XX:MaxTenuringThreshold=2",
            "--jfr");
    var settings =
        unstarted(List.of("-XX:StartFlightRecording"))
            .cluster(c.flinkSettings, c.flinkJvmOptions)
            .flinkSettings();

    assertThat(settings.extraConfig())
        .containsEntry("execution.checkpointing.unaligned.enabled", "true")
        // the bench's own entries stay
        .containsEntry("web.checkpoints.history", "40");
    assertThat(settings.extraJvmOptions())
        .containsExactly("-XX:StartFlightRecording", "-XX:MaxTenuringThreshold=2");
    assertThatThrownBy(() -> BenchRun.clusterConfig(List.of("state.backend.type")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--flink-setting")
        .hasMessageContaining("KEY=VALUE")
        .hasMessageContaining("state.backend.type");
    assertThatThrownBy(
            () -> unstarted(List.of()).cluster(List.of(), List.of("MaxTenuringThreshold=2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--flink-jvm-option")
        .hasMessageContaining("MaxTenuringThreshold=2");
  }

  @Test
  void shouldGiveAJobsOwnSettingOrOneNamingItToThatJobAloneAndASharedOneToEvery() {
    var args =
        BenchRun.jobArgs(
            parse(
                    "--job-setting=job.buffer-timeout=50ms",
                    "--job-setting=leaderboard.live-update-delay=250ms",
                    "--job-setting=fraud.early-alerts=false",
                    "--job-setting=balance:job.checkpoint-interval=60s")
                .jobSettings);

    // Every job refuses keys it does not know: another job's keys must not reach it
    assertThat(ThroughputBench.argsFor(CroupierJob.BALANCE, args))
        .containsExactly("--job.buffer-timeout=50ms", "--job.checkpoint-interval=60s");
    assertThat(ThroughputBench.argsFor(CroupierJob.LEADERBOARD, args))
        .containsExactly("--job.buffer-timeout=50ms", "--leaderboard.live-update-delay=250ms");
    assertThat(ThroughputBench.argsFor(CroupierJob.FRAUD, args))
        .containsExactly("--job.buffer-timeout=50ms", "--fraud.early-alerts=false");
  }

  @Test
  void shouldWarmUpForAStepsLengthByDefaultForAsLongAsAskedAndRefuseANegativeLength() {
    assertThat(BenchSize.FULL.warmUp()).isEqualTo(BenchSize.FULL.latencyStep());
    assertThat(BenchSize.SMOKE.warmUp()).isEqualTo(BenchSize.SMOKE.latencyStep());
    assertThat(parse("--warm-up", "300").warmUpSeconds).isEqualTo(300);
    assertThat(BenchCommand.warmUp(BenchSize.FULL, 300).warmUp()).hasSeconds(300);
    assertThat(BenchCommand.warmUp(BenchSize.FULL, 0).warmUp()).isZero();
    // the other figures of the size stay
    assertThat(BenchCommand.warmUp(BenchSize.FULL, 0).latencyRates())
        .isEqualTo(BenchSize.FULL.latencyRates());
    assertThatThrownBy(() -> BenchCommand.warmUp(BenchSize.FULL, -1))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--warm-up")
        .hasMessageContaining("-1");
  }

  @Test
  void shouldPutLibJarsOnEveryFlinkProcessesClasspathAndRefuseAMissingOne() throws Exception {
    java.nio.file.Path jar = java.nio.file.Files.createTempFile("croupier-jobs", ".jar");
    try {
      BenchCommand c = parse("--flink-lib", jar.toString());
      var settings = unstarted(List.of()).libs(c.flinkLibs).flinkSettings();

      assertThat(settings.extraLibs()).containsExactly(jar.toAbsolutePath());
      assertThat(unstarted(List.of()).flinkSettings().extraLibs()).isEmpty();
      java.nio.file.Path missing = jar.resolveSibling("no-such.jar");
      assertThatThrownBy(() -> unstarted(List.of()).libs(List.of(missing)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--flink-lib")
          .hasMessageContaining("no-such.jar");
    } finally {
      java.nio.file.Files.delete(jar);
    }
  }

  @Test
  void shouldRunOnlyTheNamedLatencyStepsAndRefuseAnotherWord() {
    BenchSize five = BenchCommand.latencySteps(BenchSize.FULL, List.of("5000"));
    BenchSize withLive = BenchCommand.latencySteps(BenchSize.SMOKE, List.of("1000", " LIVE"));

    assertThat(five.latencyRates()).containsExactly(5_000);
    assertThat(five.liveStep()).isZero();
    assertThat(withLive.latencyRates()).containsExactly(1_000);
    assertThat(withLive.liveStep()).isEqualTo(BenchSize.FULL.liveStep());
    assertThat(parse("--latency-steps", "1000,live").latencySteps).containsExactly("1000", "live");
    for (String bad : new String[] {"fast", "0", "-5"}) {
      assertThatThrownBy(() -> BenchCommand.latencySteps(BenchSize.FULL, List.of("5000", bad)))
          .isInstanceOf(CommandLine.ParameterException.class)
          .hasMessageContaining("--latency-steps")
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void shouldRequireTheCeilingsAndOnlyTheChosenRows() {
    assertThat(BenchRun.requiredRows(EnumSet.of(BenchStep.FRAUD, BenchStep.LATENCY)))
        .containsExactly(
            RawConsumerCeiling.WHAT,
            BenchReport.PASS_THROUGH,
            "keyed no-op per player (RocksDB)",
            "keyed no-op per player (heap)",
            "fraud detection alone",
            BenchReport.PASS_THROUGH_AGAIN);
    assertThat(BenchRun.requiredRows(BenchStep.all()))
        .endsWith(
            "balances alone",
            "leaderboards alone",
            "fraud detection alone",
            BenchRun.ALL_THREE,
            BenchReport.PASS_THROUGH_AGAIN);
  }
}

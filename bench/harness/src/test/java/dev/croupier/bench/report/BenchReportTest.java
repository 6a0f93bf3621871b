package dev.croupier.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static final long BACKLOG = 1_000_000;

  private static BenchReport goodRun() {
    return new BenchReport(2)
        .environment("cluster", "real cluster")
        .require(BenchReport.PASS_THROUGH)
        .require("balances alone")
        .add(
            new Throughput(
                BenchReport.PASS_THROUGH,
                "–",
                BACKLOG,
                BACKLOG,
                Duration.ofSeconds(4),
                true,
                null,
                new MiddleRate(800_000, Duration.ofSeconds(2), 20)))
        .add(
            new Throughput(
                "balances alone",
                "RocksDB",
                BACKLOG,
                BACKLOG,
                Duration.ofSeconds(10),
                true,
                0.5,
                new MiddleRate(800_000, Duration.ofMillis(6_400), 64)))
        .add(
            Latency.of(
                "event → balance hash in Redis", 5_000, 4_990, new double[] {3, 5, 8, 120}, 100.0))
        .add(new Checkpoint("balance", "RocksDB", 3, 120, 300, 2_000_000, 500_000, 10_000));
  }

  @Test
  void shouldRenderEveryRowWithRatiosAndGoalsOfAGoodRun() {
    BenchReport report = goodRun();

    assertThat(report.problems()).isEmpty();
    String md = report.markdown();
    assertThat(md).doesNotContain("REFUSED");
    // Over the middle of the backlog the pass-through read 400,000/s and balances 125,000/s:
    // 0.31 × of it (not the whole backlog's 0.40 ×), below the 0.5 goal by 0.63 ×.
    assertThat(md)
        .contains(
            "| balances alone | RocksDB | 1,000,000 | 10.0 s | 100,000 | 125,000 | 62,500 | 0.31 | ≥ 0.50 × | no (0.63 × of goal) |");
    assertThat(md).doesNotContain("marked *");
    assertThat(md)
        .contains(
            "| 5,000 / 4,990 | 4 | 5 ms | 120 ms | 120 ms | ≤ 100 ms | no (1.20 × of goal) |");
    assertThat(md)
        .contains(
            "| balance | RocksDB | 3 | 120 ms | 300 ms | 1.9 MiB | 488.3 KiB | 10,000 | 200 |");
  }

  @Test
  void shouldCompareWholeBacklogRatesAndSaySoWhenAMiddleWasTooShortToTime() {
    BenchReport report =
        goodRun()
            .add(
                new Throughput(
                    "leaderboards alone",
                    "heap",
                    BACKLOG,
                    BACKLOG,
                    Duration.ofSeconds(2),
                    true,
                    0.35,
                    null));

    String md = report.markdown();
    // 500,000/s over the whole backlog against the pass-through's 250,000/s.
    assertThat(md)
        .contains(
            "| leaderboards alone | heap | 1,000,000 | 2.0 s | 500,000 | – | 250,000 | 2.00 * | ≥ 0.35 × |");
    assertThat(md).contains("a ratio marked * compares whole-backlog rates");
    assertThat(report.ratio(report.throughput().get(2))).isEqualTo(2.0);
  }

  @Test
  void shouldRateEveryRowAgainstTheFasterOfTheTwoPassThroughReadings() {
    // Read again after the jobs at 500,000/s over the middle (the first reading: 400,000/s).
    BenchReport report =
        goodRun().add(passThroughAgain(new MiddleRate(800_000, Duration.ofMillis(1_600), 16)));

    String md = report.markdown();
    // balances: 125,000/s over the middle, 0.25 × of the faster reading (0.31 × of the first).
    assertThat(md)
        .contains(
            "| balances alone | RocksDB | 1,000,000 | 10.0 s | 100,000 | 125,000 | 62,500 | 0.25 | ≥ 0.50 × | no (0.50 × of goal) |");
    assertThat(md)
        .contains(
            "| Flink pass-through (jobs' source + decoder → discard) | – | 1,000,000 | 4.0 s | 250,000 | 400,000 | 200,000 | 0.80 | – | – |");
    assertThat(md)
        .contains(
            "The pass-through was read twice, before and after the jobs: 400,000 and 500,000"
                + " events/s (middle 80 %). Every ratio is to the faster");
    assertThat(md).doesNotContain("differ by");
  }

  @Test
  void shouldWarnWhenThePassThroughReadingsAreFarApart() {
    // The second reading at 200,000/s, half the first: the first stays the ceiling.
    BenchReport report =
        goodRun().add(passThroughAgain(new MiddleRate(800_000, Duration.ofMillis(4_000), 40)));

    String md = report.markdown();
    assertThat(md).contains("| 125,000 | 62,500 | 0.31 | ≥ 0.50 × | no (0.63 × of goal) |");
    assertThat(md)
        .contains(
            "before and after the jobs: 400,000 and 200,000 events/s (middle 80 %)",
            "**The two readings differ by 50 %:** the machine's speed moved during the run");
    assertThat(report.problems()).isEmpty();
  }

  @Test
  void shouldCompareTheTwoPassThroughReadingsOverTheWholeBacklogWhenOneHasNoMiddle() {
    // Whole backlog: the second in 2 s (500,000/s) against the first's 4 s (250,000/s).
    BenchReport report = goodRun().add(passThroughAgain(null));

    String md = report.markdown();
    assertThat(md)
        .contains(
            "before and after the jobs: 250,000 and 500,000 events/s (whole backlog)",
            "**The two readings differ by 50 %:**");
    // balances over the whole backlog: 100,000/s against 500,000/s.
    assertThat(report.ratio(report.throughput().get(1))).isEqualTo(0.2);
  }

  private static Throughput passThroughAgain(MiddleRate middle) {
    return new Throughput(
        BenchReport.PASS_THROUGH_AGAIN,
        "–",
        BACKLOG,
        BACKLOG,
        Duration.ofSeconds(2),
        true,
        null,
        middle);
  }

  @Test
  void shouldRefuseARunWhoseJobReadOtherThanTheBacklog() {
    BenchReport report =
        goodRun()
            .add(
                new Throughput(
                    "fraud detection alone",
                    "heap",
                    BACKLOG,
                    BACKLOG - 1,
                    Duration.ofSeconds(9),
                    true,
                    0.35,
                    null));

    assertThat(report.problems())
        .containsExactly("fraud detection alone: read 999999 records, the backlog holds 1000000");
    assertThat(report.markdown()).startsWith("**REFUSED");
  }

  @Test
  void shouldRefuseARunThatNeverCaughtUpOrMissesAMeasurement() {
    BenchReport report =
        goodRun()
            .require("leaderboards alone")
            .add(
                new Throughput(
                    "fraud detection alone",
                    "heap",
                    BACKLOG,
                    BACKLOG,
                    Duration.ofMinutes(40),
                    false,
                    0.35,
                    null));

    assertThat(report.problems())
        .containsExactlyInAnyOrder(
            "missing measurement: leaderboards alone",
            "fraud detection alone: never caught up (lag did not reach 0)");
  }

  @Test
  void shouldRefuseALatencyPathWithoutSamplesAndACheckpointWithoutState() {
    BenchReport report =
        goodRun()
            .add(Latency.of("event → alert in Redis", 1_000, 990, new double[0], null))
            .add(Latency.of("event → early alert in Redis", Latency.LIVE, 146, new double[0], null))
            .add(new Checkpoint("fraud", "heap", 0, 0, 0, 0, 0, 10_000));

    assertThat(report.problems())
        .containsExactlyInAnyOrder(
            "event → alert in Redis at 1,000/s: no samples",
            "event → early alert in Redis at live: no samples",
            "fraud: no completed checkpoint with state");
    assertThat(report.markdown()).contains("| event → early alert in Redis | live / 146 | 0 |");
  }

  @Test
  void shouldRefuseARunWhoseClusterLoggedAFaultOrLeftNoLog() {
    BenchReport clean =
        goodRun().clusterLogs(List.of("jobmanager-1.log", "taskmanager-1.log"), List.of());
    BenchReport faulty =
        goodRun()
            .clusterLogs(
                List.of("jobmanager-1.log", "taskmanager-1.log"),
                List.of("jobmanager-1.log: WARN … java.lang.NoClassDefFoundError: a/B$Key"));
    BenchReport unread = goodRun().clusterLogs(List.of(), List.of());

    assertThat(clean.problems()).isEmpty();
    assertThat(clean.markdown())
        .contains(
            "| cluster logs | jobmanager-1.log, taskmanager-1.log: no NoClassDefFoundError,"
                + " OutOfMemoryError or fatal error |");
    assertThat(faulty.problems())
        .containsExactly(
            "the cluster logged a fault: jobmanager-1.log: WARN … java.lang.NoClassDefFoundError:"
                + " a/B$Key");
    assertThat(faulty.markdown()).startsWith("**REFUSED");
    assertThat(unread.problems())
        .containsExactly("no JobManager or TaskManager log found to check for faults");
  }

  private static CheckpointPhases phases(
      String job, String task, int rate, long[] avgs, long[] maxes) {
    CheckpointPhases.Phase[] p = new CheckpointPhases.Phase[6];
    for (int i = 0; i < 6; i++) {
      p[i] = new CheckpointPhases.Phase(avgs[i], maxes[i]);
    }
    return new CheckpointPhases(job, task, rate, 6, p[0], p[1], p[2], p[3], p[4], p[5]);
  }

  @Test
  void shouldShowPerStepAndJobTheTasksHeldBackLongestByTheirCheckpoints() {
    BenchReport report = goodRun();
    // order: end to end, start delay, alignment, sync, async, the rest;
    // held back = alignment + sync + the rest
    long[] max = {999, 999, 999, 999, 999, 999};
    report.add(phases("balance", "Source: bets", 5_000, new long[] {900, 1, 2, 3, 800, 4}, max));
    report.add(
        phases("balance", "ledger -> Sink: x|y", 5_000, new long[] {400, 5, 30, 200, 90, 60}, max));
    report.add(phases("balance", "Sink: committer", 5_000, new long[] {300, 250, 0, 0, 0, 1}, max));
    report.add(phases("balance", "idle", 5_000, new long[] {100, 0, 0, 0, 5_000, 0}, max));
    report.add(phases("fraud", "timeline", Latency.LIVE, new long[] {70, 1, 1, 1, 1, 1}, max));

    String md = report.markdown();

    assertThat(md).contains("### Checkpoint phases during the latency steps");
    String ledger =
        "| 5,000/s | balance | ledger -> Sink: x/y | 6 | 400 / 999 ms | 5 / 999 ms | 30 / 999 ms |"
            + " 200 / 999 ms | 60 / 999 ms | 90 / 999 ms |";
    String committer = "| 5,000/s | balance | Sink: committer | 6 | 300 / 999 ms | 250 / 999 ms |";
    String source = "| 5,000/s | balance | Source: bets | 6 | 900 / 999 ms |";
    assertThat(md).contains(ledger, committer, source);
    // 290 ms held back, then 9, then 1: the committer's long start delay held the checkpoint only
    assertThat(md.indexOf(ledger)).isLessThan(md.indexOf(source));
    assertThat(md.indexOf(source)).isLessThan(md.indexOf(committer));
    // three tasks per job and step: the one whose time is all async is left out
    assertThat(md).doesNotContain("| idle |");
    assertThat(md).contains("| live | fraud | timeline | 6 | 70 / 999 ms |");
    assertThat(CheckpointPhases.Phase.of(new long[] {10, 30, 20}))
        .isEqualTo(new CheckpointPhases.Phase(20, 30));
    assertThat(CheckpointPhases.Phase.of(new long[0])).isEqualTo(new CheckpointPhases.Phase(0, 0));
  }

  @Test
  void shouldShowEachTaskManagersGcPausesPerStep() {
    BenchReport report = goodRun();
    report.add(
        new GcPauses("taskmanager-1", 5_000, 85_000, 14, 2_191, 150, 306, "Pause Young (Normal)"));
    report.add(new GcPauses("taskmanager-1", Latency.LIVE, 200_000, 0, 0, 0, 0, "–"));

    String md = report.markdown();

    assertThat(md).contains("### Garbage-collection pauses during the latency steps");
    assertThat(md)
        .contains(
            "| 5,000/s | taskmanager-1 | 85 s | 14 | 2,191 ms | 2.6 % | 150 ms | 306 ms |"
                + " Pause Young (Normal) |",
            "| live | taskmanager-1 | 200 s | 0 | 0 ms | 0.0 % | 0 ms | 0 ms | – |");
    assertThat(goodRun().markdown()).doesNotContain("Garbage-collection pauses");
  }

  @Test
  void shouldShowTheCpuOfTheMachineProcessesAndThreadGroupsPerStep() {
    BenchReport report = goodRun();
    report.add(new CpuShare(2_000, "the machine (2 cores)", 0, 85_400, 1.984));
    report.add(new CpuShare(2_000, "taskmanager-1", 0, 85_400, 1.3));
    report.add(new CpuShare(2_000, "taskmanager-1: Source Data Fet", 20, 85_400, 0.351));
    report.add(new CpuShare(Latency.LIVE, "kafka | broker", 0, 200_000, 0.05));

    String md = report.markdown();

    assertThat(md).contains("### CPU during the latency steps");
    assertThat(md)
        .contains(
            "| 2,000/s | the machine (2 cores) | – | 85 s | 1.98 |",
            "| 2,000/s | taskmanager-1 | – | 85 s | 1.30 |",
            "| 2,000/s | taskmanager-1: Source Data Fet | 20 | 85 s | 0.35 |",
            "| live | kafka / broker | – | 200 s | 0.05 |");
    assertThat(goodRun().markdown()).doesNotContain("CPU during the latency steps");
  }

  @Test
  void shouldShowTheCpuOfEachThroughputRowsMiddle() {
    BenchReport report = goodRun();
    report.add(
        new ThroughputCpu(
            "balances alone",
            41_300,
            List.of(
                new CpuShare(0, "the machine (2 cores)", 0, 41_300, 1.97),
                new CpuShare(0, "the machine, stolen by the hypervisor", 0, 41_300, 0.03),
                new CpuShare(0, "taskmanager-1", 0, 41_300, 1.41),
                new CpuShare(0, "kafka", 0, 41_300, 0.38),
                new CpuShare(0, "taskmanager-1: balance ledger", 2, 41_300, 0.62),
                new CpuShare(0, "taskmanager-1: Kafka | Produc", 3, 41_300, 0.2))));

    String md = report.markdown();

    assertThat(md).contains("### CPU during the throughput rows");
    assertThat(md)
        .contains(
            "| balances alone | 41.3 s | 1.97 of 2 cores (0.03 stolen) | taskmanager-1 1.41, kafka 0.38 |"
                + " taskmanager-1: balance ledger 0.62, taskmanager-1: Kafka / Produc 0.20 |");
    // Between the throughput table and the latency one
    assertThat(md.indexOf("### CPU during the throughput rows"))
        .isGreaterThan(md.indexOf("### Throughput over the backlog"))
        .isLessThan(md.indexOf("### Latency at fixed input rates"));
    assertThat(goodRun().markdown()).doesNotContain("CPU during the throughput rows");
  }

  @Test
  void shouldTakeNearestRankPercentiles() {
    double[] hundred = new double[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = 100 - i; // unsorted on purpose
    }
    Latency l = Latency.of("p", 1, 1, hundred, null);

    assertThat(l.p50Ms()).isEqualTo(50);
    assertThat(l.p99Ms()).isEqualTo(99);
    assertThat(l.maxMs()).isEqualTo(100);
  }

  @Test
  void shouldShowWhatRedisDidPerInputEventForTheRowsThatWroteToIt() {
    BenchReport report =
        goodRun()
            .add(new RedisCommands(BenchReport.PASS_THROUGH, 800_000, 1_000, List.of()))
            .add(
                new RedisCommands(
                    "balances alone",
                    800_000,
                    1_600_000,
                    List.of(
                        new RedisCommands.Command("evalsha", 8_000, 1_200_000),
                        new RedisCommands.Command("hset", 400_000, 300_000))));

    String md = report.markdown();

    assertThat(md).contains("### Redis during the throughput rows");
    assertThat(md)
        .contains(
            "| balances alone | 800,000 | 2.00 µs | evalsha 0.0100 × 150.00 µs, hset 0.5000 × 0.75 µs |");
    // A ceiling writes nothing to Redis: no row.
    assertThat(md).doesNotContain("| " + BenchReport.PASS_THROUGH + " | 800,000 |");
    assertThat(goodRun().markdown()).doesNotContain("### Redis during");
  }
}

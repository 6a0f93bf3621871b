package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.croupier.bench.report.BenchReport;
import dev.croupier.bench.report.CheckpointPhases;
import dev.croupier.bench.report.CpuShare;
import dev.croupier.bench.report.Latency;
import dev.croupier.bench.report.RedisCommands;
import dev.croupier.bench.report.Throughput;
import dev.croupier.bench.report.ThroughputCpu;
import dev.croupier.drills.process.Locations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke benchmark end to end on real processes (what {@code bin/croupier-bench --smoke} runs):
 * every row is there with positive figures and the run is not refused. No speed is asserted.
 */
class BenchSmokeIT {

  @Test
  void shouldMeasureEveryRowOfTheSmokeRun(@TempDir Path dir) throws Exception {
    // What the run said, for the failure messages: a CI log shows them, not the test's output.
    List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
    BenchRun run =
        new BenchRun(
            dir,
            Locations.jobsJar(),
            BenchSize.SMOKE,
            2,
            BenchStep.all(),
            List.of(),
            line -> {
              System.out.println(line);
              said.add(line);
            });

    BenchReport report = run.run();

    assertThat(report.problems()).isEmpty();
    assertThat(report.throughput())
        .extracting(Throughput::what)
        .containsExactly(
            "raw KafkaConsumer (bytes only, 1 thread)",
            BenchReport.PASS_THROUGH,
            "keyed no-op per player (RocksDB)",
            "keyed no-op per player (heap)",
            "balances alone",
            "leaderboards alone",
            "fraud detection alone",
            "all three jobs together",
            BenchReport.PASS_THROUGH_AGAIN);
    assertThat(report.throughput()).allMatch(t -> t.caughtUp() && t.eventsPerSecond() > 0);
    // The middle 80 % of the backlog, timed from the TaskManager's own counts: the three together
    // read for several seconds, long enough to be timed by many counts; every middle given is the
    // records from 10 % to 90 %, inside the whole measurement.
    assertThat(report.throughput())
        .filteredOn(t -> t.what().equals("all three jobs together"))
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.middle())
                    .as(
                        "the middle of the three together; the run said:%n%s",
                        String.join("\n", said))
                    .isNotNull());
    assertThat(report.throughput())
        .filteredOn(t -> t.middle() != null)
        .allSatisfy(
            t -> {
              assertThat(t.middle().records())
                  .isCloseTo(Math.round(t.expectedRecords() * 0.8), within(1L));
              assertThat(t.middle().samples()).isGreaterThanOrEqualTo(10);
              assertThat(t.middle().wall()).isPositive().isLessThan(t.wall());
              assertThat(report.ratio(t)).isPositive();
            });
    assertThat(report.markdown()).contains("events/s, middle 80 %");
    // What Redis ran in the middle of the rows: the jobs' writes (the boards' ZADDs, the balance
    // and net_win scripts) for the three together; nothing for a ceiling, which writes none.
    assertThat(report.redisCommands())
        .filteredOn(r -> r.what().equals("all three jobs together"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.events()).isPositive();
              assertThat(r.cpuMicros()).isPositive();
              assertThat(r.commands())
                  .extracting(RedisCommands.Command::name)
                  .contains("zadd", "evalsha");
            });
    assertThat(report.redisCommands())
        .filteredOn(r -> r.what().equals(BenchReport.PASS_THROUGH))
        .allSatisfy(r -> assertThat(r.commands()).isEmpty());
    assertThat(report.markdown()).contains("### Redis during the throughput rows");
    // The CPU of the middle of a row read long enough to tell, from /proc: the three together at
    // least; the processes cannot have used more than the machine was busy
    assertThat(report.throughputCpu())
        .extracting(ThroughputCpu::what)
        .contains("all three jobs together")
        .isSubsetOf(report.throughput().stream().map(Throughput::what).toList());
    assertThat(report.throughputCpu())
        .allSatisfy(
            c -> {
              assertThat(c.windowMs()).isGreaterThanOrEqualTo(1_000);
              assertThat(c.machine().what()).matches("the machine \\(\\d+ cores\\)");
              assertThat(c.processes())
                  .filteredOn(p -> p.what().matches("taskmanager-\\d+"))
                  .singleElement()
                  .satisfies(tm -> assertThat(tm.cores()).isGreaterThan(0.05));
              assertThat(c.processes().stream().mapToDouble(CpuShare::cores).sum())
                  .isLessThanOrEqualTo(c.machine().cores() + 0.1);
              assertThat(c.threadGroups()).isNotEmpty();
            });
    assertThat(report.latency())
        .extracting(Latency::path)
        .containsExactly(
            "event → balance hash in Redis",
            "event → board score in Redis",
            "event → alert in Redis",
            "event → early alert in Redis",
            "event → committed alert on risk.alerts");
    assertThat(report.latency()).allMatch(l -> l.samples() > 0 && l.p50Ms() > 0);
    assertThat(report.checkpoints()).hasSize(3).allMatch(c -> c.stateBytes() > 0);
    // The REST API's per-subtask figures of the latency step's checkpoints, for each job
    assertThat(report.phases())
        .isNotEmpty()
        .allMatch(p -> p.targetRate() == 1_000 && p.checkpoints() > 0);
    assertThat(report.phases().stream().map(CheckpointPhases::job).distinct()).hasSize(3);
    assertThat(report.phases()).anyMatch(p -> p.endToEnd().maxMs() > 0);
    // The TaskManager's GC log is read for the step: a row for it, over the step and its drain.
    // The step may see no pause (a young collection comes every half minute or so at 1k/s), but
    // the log of the whole run holds the pauses of nine jobs' start, each read by the parser.
    assertThat(report.gcPauses())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.targetRate()).isEqualTo(1_000);
              assertThat(g.process()).startsWith("taskmanager-");
              assertThat(g.windowMs()).isGreaterThanOrEqualTo(20_000);
            });
    Path gcLog =
        dir.resolve("cluster/flink/log").resolve(report.gcPauses().get(0).process() + "-gc.log");
    assertThat(GcLog.pauses(Files.readAllLines(gcLog)))
        .isNotEmpty()
        .allMatch(p -> p.kind().startsWith("Pause ") && p.ms() > 0);
    // The CPU of the step from /proc: the machine, every process of the run, the TaskManager's
    // busiest thread groups; the processes cannot have used more than the machine was busy
    List<CpuShare> cpu = report.cpu();
    assertThat(cpu).allMatch(c -> c.targetRate() == 1_000 && c.windowMs() >= 20_000);
    assertThat(cpu.get(0).what()).matches("the machine \\(\\d+ cores\\)");
    assertThat(cpu)
        .extracting(CpuShare::what)
        .contains("kafka", "redis", "registry", BenchRun.BENCH_PROCESS)
        .anyMatch(w -> w.startsWith("jobmanager"))
        .anyMatch(w -> w.startsWith("taskmanager-") && w.contains(": "));
    assertThat(cpu)
        .filteredOn(c -> c.what().matches("taskmanager-\\d+"))
        .singleElement()
        .satisfies(tm -> assertThat(tm.cores()).isGreaterThan(0.05));
    double processes =
        cpu.stream()
            .filter(c -> c.threads() == 0 && !c.what().startsWith("the machine"))
            .mapToDouble(CpuShare::cores)
            .sum();
    assertThat(processes).isGreaterThan(0).isLessThanOrEqualTo(cpu.get(0).cores() + 0.1);
    // The bench's own delay in reading balance writes, over the step's balance samples
    assertThat(report.markdown())
        .containsPattern(
            "latency 1,000/s: the bench read each balance hash p50 \\d+ ms, p99 \\d+ ms, at most"
                + " \\d+ ms after its write's notification \\([1-9][\\d,]* samples");
    assertThat(report.markdown()).contains("real cluster").doesNotContain("REFUSED");
    // Fifteen submissions to one cluster: no job's end leaves a library thread whose classes are
    // gone, and no TaskManager runs out of metaspace (an unclosed client per job did, at the 15th).
    // The run reads its cluster's logs and refuses itself on a fault (problems, above); here, that
    // it read both processes' logs.
    assertThat(report.markdown())
        .contains(
            "| cluster logs | jobmanager-1.log, taskmanager-1.log: no NoClassDefFoundError,"
                + " OutOfMemoryError or fatal error |");
  }
}

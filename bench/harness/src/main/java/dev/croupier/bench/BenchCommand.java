package dev.croupier.bench;

import dev.croupier.bench.report.BenchReport;
import dev.croupier.drills.process.Locations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/croupier-bench [--smoke] [--only STEP,...] [--out FILE]}: the end-to-end benchmark on
 * a real multi-process cluster; prints the Markdown table and writes it to {@code --out}. Exits 1
 * when the run is refused (a measurement missing or untrustworthy, see {@link
 * BenchReport#problems()}).
 */
@Command(
    name = "croupier-bench",
    mixinStandardHelpOptions = true,
    description = {
      "End-to-end benchmark on a real multi-process cluster (Kafka, Redis, the schema registry, a"
          + " standalone Flink JobManager and TaskManager as separate processes; jobs submitted"
          + " from the shaded jar with flink run). One simulator backlog, written once, read by the"
          + " ceilings (raw consumer, Flink pass-through with the jobs' decoder, keyed no-op on"
          + " RocksDB and heap) and by each job alone and all three together; then latency at fixed"
          + " input rates, and checkpoint figures. Prints a Markdown table; see docs/BENCHMARKS.md."
    })
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--smoke", description = "CI size: ~50k events, 5k players, latency at 1k/s only")
  boolean smoke;

  @Option(
      names = "--players",
      paramLabel = "N",
      description = "players in the backlog (default: 200,000; smoke 5,000)")
  Integer players;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "at least this many backlog events (default: 5,000,000; smoke 50,000)")
  Long events;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "parallelism of every job (default: ${DEFAULT-VALUE})")
  int parallelism = 2;

  @Option(names = "--no-latency", description = "skip the latency steps")
  boolean noLatency;

  @Option(
      names = "--no-early-alerts",
      description = "A/B: run the fraud job without its early-alert track in the latency steps")
  boolean noEarlyAlerts;

  @Option(
      names = "--latency-steps",
      split = ",",
      paramLabel = "STEP",
      description =
          "run only these latency steps: fixed input rates in events/s and \"live\","
              + " comma-separated, e.g. 5000 (default: 1000,5000,20000,live; smoke 1000)")
  List<String> latencySteps;

  @Option(
      names = "--warm-up",
      paramLabel = "SECONDS",
      description =
          "how long the warm-up before the latency steps sends, at the first step's rate, its"
              + " effects not reported (default: 60, a step's length; smoke 20)")
  Integer warmUpSeconds;

  @Option(
      names = "--job-setting",
      paramLabel = "KEY=VALUE",
      description =
          "A/B: pass this job setting to the Croupier jobs the run submits (repeatable), e.g."
              + " job.buffer-timeout=50ms to every job, leaderboard.live-update-delay=250ms to"
              + " the leaderboard job only, fraud:job.checkpoint-interval=60s a shared key to"
              + " the fraud job only; the report lists them")
  List<String> jobSettings = new ArrayList<>();

  @Option(
      names = "--flink-setting",
      paramLabel = "KEY=VALUE",
      description =
          "A/B: add this entry to the cluster's config.yaml (repeatable), e.g."
              + " execution.checkpointing.unaligned.enabled=true; a job's own setting of the same"
              + " key wins; the report lists them")
  List<String> flinkSettings = new ArrayList<>();

  @Option(
      names = "--flink-jvm-option",
      paramLabel = "OPTION",
      description =
          "A/B: add this JVM option to every Flink process of the cluster (repeatable), e.g."
              + " -XX:MaxTenuringThreshold=2; the report lists them")
  List<String> flinkJvmOptions = new ArrayList<>();

  @Option(
      names = "--flink-lib",
      paramLabel = "JAR",
      description =
          "A/B: put this jar on every Flink process's classpath, as a jar in a stock cluster's"
              + " lib/ (repeatable), e.g. the job jar with --flink-setting"
              + " classloader.resolve-order=parent-first, so that its classes load once per"
              + " process, not once per job; the report lists them")
  List<Path> flinkLibs = new ArrayList<>();

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "STEP",
      description =
          "run only these measurements after the ceilings, which always run (the ratios need"
              + " them): any of ${COMPLETION-CANDIDATES}, comma-separated (default: all). For"
              + " cheap A/B runs; the report says it is partial.")
  Set<BenchStep> only;

  @Option(
      names = "--jfr",
      description =
          "record the Flink processes with Java Flight Recorder (files in the work directory)")
  boolean jfr;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "where to write the table (default: <work dir>/benchmark.md)")
  Path out;

  @Option(
      names = "--keep-data",
      description =
          "keep the run's data in the work directory (Kafka's logs, the backlog, checkpoints:"
              + " about 4 GB for a full run); by default only logs, configurations and"
              + " recordings stay")
  boolean keepData;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "where processes keep data and logs (default: bench/target/bench-<time>)")
  Path workDir;

  @Option(
      names = "--jar",
      paramLabel = "JAR",
      description = "the job jar (default: the built jobs/target/croupier-jobs-*-flink.jar)")
  Path jar;

  @Override
  public Integer call() throws Exception {
    BenchSize size = smoke ? BenchSize.SMOKE : BenchSize.FULL;
    if (players != null || events != null) {
      size =
          size.withBacklog(
              players != null ? players : size.players(),
              events != null ? events : size.minEvents());
    }
    if (latencySteps != null) {
      size = latencySteps(size, latencySteps);
    }
    if (warmUpSeconds != null) {
      size = warmUp(size, warmUpSeconds);
    }
    Path dir =
        workDir != null
            ? workDir.toAbsolutePath()
            : Locations.projectRoot()
                .resolve("bench/target")
                .resolve(
                    "bench-"
                        + LocalDateTime.now()
                            .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(dir);
    Path jobsJar = jar != null ? jar.toAbsolutePath() : Locations.jobsJar();
    List<String> jvm = new ArrayList<>();
    if (jfr) {
      Files.createDirectories(dir.resolve("jfr"));
      // A directory: each JVM names its own file after its pid (JDK 17 expands no %p here).
      jvm.add(
          "-XX:StartFlightRecording=settings=default,dumponexit=true,filename="
              + dir.resolve("jfr")
              + "/");
    }
    BenchRun run =
        new BenchRun(dir, jobsJar, size, parallelism, steps(), jvm, System.out::println)
            .earlyAlerts(!noEarlyAlerts)
            .jobSettings(jobSettings)
            .cluster(flinkSettings, flinkJvmOptions)
            .libs(flinkLibs);
    BenchReport report;
    try {
      report = run.run();
    } finally {
      if (!keepData) {
        long freed = WorkDirData.delete(dir);
        System.out.printf("Deleted the run's data (%,d MB; --keep-data keeps it).%n", freed >> 20);
      }
    }
    String md = report.markdown();
    System.out.println();
    System.out.println(md);
    Path target = out != null ? out.toAbsolutePath() : dir.resolve("benchmark.md");
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    Files.writeString(target, md, StandardCharsets.UTF_8);
    boolean ok = report.problems().isEmpty();
    System.out.println(
        (ok ? "Benchmark complete" : "Benchmark REFUSED") + ": " + target + " (logs: " + dir + ")");
    return ok ? 0 : 1;
  }

  /** {@code size} with the warm-up {@code --warm-up} asks for; 0 runs none. */
  static BenchSize warmUp(BenchSize size, int seconds) {
    if (seconds < 0) {
      throw new CommandLine.ParameterException(
          commandLine(),
          "--warm-up: " + seconds + " is not a length in seconds (a whole number, 0 or more)");
    }
    return size.withWarmUp(Duration.ofSeconds(seconds));
  }

  /** {@code size} with only the latency steps {@code --latency-steps} names. */
  static BenchSize latencySteps(BenchSize size, List<String> steps) {
    List<Integer> rates = new ArrayList<>();
    boolean live = false;
    for (String step : steps) {
      String s = step.strip();
      if (s.equalsIgnoreCase("live")) {
        live = true;
        continue;
      }
      int rate;
      try {
        rate = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        rate = 0;
      }
      if (rate <= 0) {
        throw new CommandLine.ParameterException(
            commandLine(),
            "--latency-steps: '"
                + step
                + "' is neither a rate in events/s (a whole number above 0) nor live");
      }
      rates.add(rate);
    }
    return size.withLatencySteps(rates, live);
  }

  /** The measurements to run: {@code --only}'s, or all; without latency under --no-latency. */
  Set<BenchStep> steps() {
    Set<BenchStep> steps = EnumSet.copyOf(only != null ? only : BenchStep.all());
    if (noLatency) {
      steps.remove(BenchStep.LATENCY);
    }
    return steps;
  }

  static CommandLine commandLine() {
    return new CommandLine(new BenchCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}

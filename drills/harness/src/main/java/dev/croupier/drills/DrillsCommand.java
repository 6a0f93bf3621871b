package dev.croupier.drills;

import dev.croupier.drills.cluster.FlinkSettings;
import dev.croupier.drills.drill.Drill;
import dev.croupier.drills.drill.DrillContext;
import dev.croupier.drills.drill.DrillResult;
import dev.croupier.drills.drill.DrillSize;
import dev.croupier.drills.drill.JobManagerKillDrill;
import dev.croupier.drills.drill.KafkaKillDrill;
import dev.croupier.drills.drill.MutatedRecordsDrill;
import dev.croupier.drills.drill.RedisOutageDrill;
import dev.croupier.drills.drill.RedisReseed;
import dev.croupier.drills.drill.RescaleDrill;
import dev.croupier.drills.drill.TaskManagerKillDrill;
import dev.croupier.drills.drill.UpgradeDrill;
import dev.croupier.drills.drill.UpgradeTarget;
import dev.croupier.drills.process.Locations;
import dev.croupier.drills.traffic.RecordFuzzer;
import dev.croupier.drills.verify.Difference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/croupier-drills [--quick|--full] [DRILL…]}: runs fault drills on a real multi-process
 * cluster and prints a table; exits 1 if any drill found a difference from its oracles.
 */
@Command(
    name = "croupier-drills",
    mixinStandardHelpOptions = true,
    description = {
      "Fault drills on a real multi-process cluster: Kafka, Redis, the schema registry, a Flink"
          + " JobManager and TaskManagers as separate processes, the three jobs submitted from the"
          + " shaded jar with flink run; faults injected while labelled traffic flows; every output"
          + " compared with oracles computed from the traffic's event log.",
      "",
      "Drills: tm-kill, rescale, upgrade, redis-outage, redis-empty, kafka-kill, jobmanager-kill,"
          + " mutated-records. --quick (the default) runs tm-kill, rescale and redis-outage small;"
          + " --full runs every drill, tm-kill through over a million events."
    })
public final class DrillsCommand implements Callable<Integer> {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(DrillsCommand.class);

  /** Drill 7: mutants after 1 % of the records, the same ones on every run. */
  static final double MUTANT_RATE = 0.01;

  static final long MUTANT_SEED = 20260307L;

  static final Map<String, Drill> DRILLS = new LinkedHashMap<>();

  static {
    for (Drill d :
        List.of(
            new TaskManagerKillDrill(),
            new RescaleDrill(),
            new UpgradeDrill(),
            new RedisOutageDrill(true),
            new RedisOutageDrill(false),
            new KafkaKillDrill(),
            new JobManagerKillDrill(),
            new MutatedRecordsDrill())) {
      DRILLS.put(d.name(), d);
    }
  }

  static final List<String> QUICK = List.of("tm-kill", "rescale", "redis-outage");

  @CommandLine.ArgGroup(exclusive = true)
  Size size = new Size();

  static final class Size {
    @Option(names = "--quick", description = "CI size: tens of thousands of events (default)")
    boolean quick;

    @Option(names = "--full", description = "Every drill, tm-kill through over a million events")
    boolean full;
  }

  @Parameters(paramLabel = "DRILL", description = "drills to run (default: those of the size)")
  List<String> drills = new ArrayList<>();

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "where processes keep data and logs (default: drills/target/drills-<time>)")
  Path workDir;

  @Option(
      names = "--jar",
      paramLabel = "JAR",
      description =
          "the job jar to drill (default: the built jobs/target/croupier-jobs-*-flink.jar)")
  Path jar;

  @Override
  public Integer call() throws Exception {
    DrillSize drillSize = size.full ? DrillSize.FULL : DrillSize.QUICK;
    List<String> names =
        drills.isEmpty() ? (size.full ? List.copyOf(DRILLS.keySet()) : QUICK) : drills;
    for (String n : names) {
      if (!DRILLS.containsKey(n)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "unknown drill '" + n + "'; known: " + DRILLS.keySet());
      }
    }
    Path dir =
        workDir != null
            // Absolute: every process of a drill runs in a directory of its own.
            ? workDir.toAbsolutePath()
            : Locations.projectRoot()
                .resolve("drills/target")
                .resolve(
                    "drills-"
                        + LocalDateTime.now()
                            .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(dir);
    DrillContext context =
        new DrillContext(
            dir,
            jar != null ? jar.toAbsolutePath() : Locations.jobsJar(),
            drillSize,
            FlinkSettings.defaults(),
            System.out,
            // Drill 7's mutants: the drills' own fuzzer until the bad-input work's shared one
            // exists.
            new RecordFuzzer(MUTANT_SEED, MUTANT_RATE),
            // The documented restore of the balance hashes (docs/operations.md).
            RedisReseed.RESTORE_BALANCES,
            UpgradeTarget.CHANGED_THRESHOLDS);
    System.out.println(
        "Croupier drills (" + drillSize.name().toLowerCase() + "): " + names + " in " + dir);
    List<DrillResult> results = new ArrayList<>();
    for (String n : names) {
      results.add(run(DRILLS.get(n), context));
    }
    System.out.println();
    ResultTable.print(results, System.out);
    // The table stays with the run's logs, for the figures in docs/RELIABILITY.md.
    try (java.io.PrintStream file =
        new java.io.PrintStream(
            Files.newOutputStream(dir.resolve("results.txt")),
            true,
            java.nio.charset.StandardCharsets.UTF_8)) {
      ResultTable.print(results, file);
    }
    boolean passed = results.stream().allMatch(r -> r.passed() || r.skipped() != null);
    System.out.println();
    System.out.println((passed ? "All drills passed" : "Some drills FAILED") + ". Logs: " + dir);
    return passed ? 0 : 1;
  }

  /** Runs one drill; a drill that throws is a failed drill, and the next one still runs. */
  static DrillResult run(Drill drill, DrillContext context) {
    long t0 = System.nanoTime();
    context.say(drill.name(), drill.summary());
    try {
      DrillResult r = drill.run(context);
      context.say(drill.name(), r.verdict());
      r.differences().forEach(d -> LOG.warn("Drill {}: {}", drill.name(), d));
      return r;
    } catch (Exception | Error e) {
      org.slf4j.LoggerFactory.getLogger(DrillsCommand.class)
          .error("Drill {} failed", drill.name(), e);
      context.say(drill.name(), "FAILED: " + e);
      return new DrillResult(
          drill.name(),
          0,
          List.of(),
          List.of(new Difference("the drill ran to its end", 1, List.of(firstLines(e, 6)))),
          Map.of(),
          Duration.ofNanos(System.nanoTime() - t0),
          null);
    }
  }

  /** The first lines of a failure (process log tails can be long: the full one is logged). */
  static String firstLines(Throwable e, int lines) {
    return String.valueOf(e).lines().limit(lines).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DrillsCommand()).execute(args));
  }
}

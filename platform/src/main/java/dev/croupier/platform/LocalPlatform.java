package dev.croupier.platform;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code bin/croupier-local}: the whole platform on this machine with one command. Starts (or
 * reuses) Kafka, the schema registry and Redis, runs the three jobs on a Flink MiniCluster, feeds
 * them simulated traffic with labelled fraud, shows a live console and ends with a summary that
 * scores the alerts against the ground truth. Exit codes: 0 done, 1 failed, 2 bad usage.
 */
@Command(
    name = "croupier-local",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    version = "croupier-local 0.1.0",
    description = {
      "Runs Croupier locally: Kafka (KRaft, in-process), the Apicurio schema registry, Redis, a"
          + " Flink MiniCluster with its web UI, the balance, leaderboard and fraud jobs, and a"
          + " traffic simulator with labelled fraud scenarios. Ctrl-C (or --duration) stops cleanly"
          + " and prints a summary."
    },
    footer = {"", "Logs: platform/target/croupier-local.log. Docs: docs/local-platform.md."})
public final class LocalPlatform implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--players",
      paramLabel = "N",
      description = "Simulated players (default: ${DEFAULT-VALUE}).")
  int players = 5_000;

  @Option(
      names = "--rate",
      paramLabel = "EVENTS_PER_S",
      description =
          "At most this many events per second; 0 for no cap (default: ${DEFAULT-VALUE}).")
  double rate = 0;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      converter = DurationOption.class,
      description = "How long to run, wall clock, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
  Duration duration = Duration.ofMinutes(10);

  @Option(
      names = "--acceleration",
      paramLabel = "X",
      description =
          "Event time runs X times faster than the wall clock; 0 for as fast as possible (default:"
              + " ${DEFAULT-VALUE}).")
  double acceleration = 60;

  @Option(
      names = "--span",
      paramLabel = "TIME",
      converter = DurationOption.class,
      description =
          "Event time to simulate (default: duration × acceleration, or 2h when --acceleration is"
              + " 0). It ends before now.")
  Duration span;

  @Option(
      names = "--fraud-rate",
      paramLabel = "P",
      description =
          "Fraud scenarios per background session started, 0..1 (default: ${DEFAULT-VALUE}).")
  double fraudRate = 0.05;

  @Option(
      names = "--seed",
      description = "Simulation seed: same seed, same traffic (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(
      names = "--bad-record-rate",
      paramLabel = "P",
      description =
          "Deliberately broken records per event, for the dead-letter path (default:"
              + " ${DEFAULT-VALUE}).")
  double badRecordRate = 0.0005;

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT",
      description = "Use this Kafka instead of starting one.")
  String kafkaBootstrap;

  @Option(
      names = "--registry-url",
      paramLabel = "URL",
      description = "Use this schema registry (Confluent API) instead of starting one.")
  String registryUrl;

  @Option(
      names = "--redis-host",
      paramLabel = "HOST",
      description = "Host of an existing Redis (with --redis-port; default: ${DEFAULT-VALUE}).")
  String redisHost = "127.0.0.1";

  @Option(
      names = "--redis-port",
      paramLabel = "PORT",
      description = "Use the Redis on this port instead of starting one.")
  Integer redisPort;

  @Option(
      names = "--web-ui-port",
      paramLabel = "PORT",
      description = "Flink web UI port; a free one if taken (default: ${DEFAULT-VALUE}).")
  int webUiPort = 8081;

  @Option(
      names = "--partitions",
      description = "Partitions of each topic created (default: ${DEFAULT-VALUE}).")
  int partitions = 2;

  @Option(
      names = "--parallelism",
      description = "Parallelism of each job (default: ${DEFAULT-VALUE}).")
  int parallelism = 2;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "TIME",
      converter = DurationOption.class,
      description =
          "Checkpoint interval of the jobs; alerts and dead letters appear when a checkpoint"
              + " commits (default: 3s).")
  Duration checkpointInterval = Duration.ofSeconds(3);

  @Option(
      names = "--catch-up-timeout",
      paramLabel = "TIME",
      converter = DurationOption.class,
      description = "How long to let the jobs catch up at the end (default: 2m).")
  Duration catchUpTimeout = Duration.ofMinutes(2);

  @Option(
      names = "--no-console",
      description = "Print a status line every 5 s instead of the live view (CI, logs).")
  boolean noConsole;

  @Option(
      names = "--event-log",
      paramLabel = "FILE",
      description = "Also write every event sent as JSON lines.")
  Path eventLog;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Keep the run's files here (the jobs' checkpoints); default: a temporary directory"
              + " removed at the end.")
  Path workDir;

  @Option(
      names = "--ground-truth",
      paramLabel = "FILE",
      description = "Also write the labelled scenarios as JSON lines.")
  Path groundTruth;

  @Option(
      names = "--services-file",
      paramLabel = "FILE",
      description =
          "When the jobs have caught up, write the services' addresses to FILE as JSON (for"
              + " notebooks and scripts); deleted when they stop.")
  Path servicesFile;

  @Option(
      names = "--keep-services",
      description =
          "After the run, keep Kafka, the registry, Redis and the (idle) jobs up until Ctrl-C or a"
              + " TERM, so notebooks and tools can read the outputs; then print the summary.")
  boolean keepServices;

  // Ctrl-C / TERM signals received; the console stops at the first, the keep phase at the next.
  private final AtomicInteger signals = new AtomicInteger();
  // A signal that brings the count to this quits at once.
  private volatile int quitAt = 2;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, ready to execute; tests call it without exiting the JVM. */
  public static CommandLine commandLine() {
    return new CommandLine(new LocalPlatform());
  }

  /** The run's settings from the options; a bad value fails naming its option. */
  PlatformSettings settings(Instant now) {
    require(players >= 2, "--players", "at least 2");
    require(rate >= 0, "--rate", "0 or more events per second");
    require(acceleration >= 0, "--acceleration", "0 or more");
    require(fraudRate >= 0 && fraudRate <= 1, "--fraud-rate", "a number from 0 to 1");
    require(
        badRecordRate >= 0 && badRecordRate <= 0.5, "--bad-record-rate", "a number from 0 to 0.5");
    require(partitions >= 1, "--partitions", "at least 1");
    require(parallelism >= 1, "--parallelism", "at least 1");
    require(webUiPort >= 0 && webUiPort <= 65535, "--web-ui-port", "a port number");
    Duration eventSpan =
        span != null
            ? span
            : acceleration > 0
                ? Duration.ofMillis((long) (duration.toMillis() * acceleration))
                : Duration.ofHours(2);
    return new PlatformSettings(
        players,
        seed,
        fraudRate,
        rate,
        acceleration,
        duration,
        PlatformSettings.startEndingBefore(now, eventSpan),
        eventSpan,
        badRecordRate,
        kafkaBootstrap,
        registryUrl,
        redisHost,
        redisPort,
        webUiPort,
        partitions,
        parallelism,
        checkpointInterval,
        eventLog,
        groundTruth,
        workDir);
  }

  private void require(boolean ok, String option, String expected) {
    if (!ok) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '" + option + "': expected " + expected);
    }
  }

  @Override
  public Integer call() throws Exception {
    PlatformSettings settings = settings(Instant.now());
    PrintWriter out = spec.commandLine().getOut();
    // Ctrl-C (or a TERM, which bin/croupier-local sends on Ctrl-C) ends the run gracefully: the
    // jobs catch up and a summary is printed. A second one quits at once.
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(
          new Signal(name),
          sig -> {
            if (signals.incrementAndGet() >= quitAt) {
              System.exit(130);
            }
          });
    }
    out.printf(
        "Croupier local platform: %,d players, event time %s + %s, acceleration %s%n",
        settings.players(),
        settings.eventTimeStart(),
        settings.eventTimeSpan(),
        settings.acceleration());
    out.flush();
    try (PlatformRun run =
        PlatformRun.start(
            settings,
            msg -> {
              out.println(msg);
              out.flush();
            })) {
      new ConsoleLoop(run, out, !noConsole).watch(duration, () -> signals.get() > 0);
      out.println(
          "Stopping the simulator and letting the jobs catch up (up to " + catchUpTimeout + ")...");
      out.flush();
      run.stopSimulation();
      boolean caughtUp = run.catchUp(catchUpTimeout);
      if (!caughtUp) {
        out.println(
            "The jobs did not catch up within "
                + catchUpTimeout
                + "; summing up what they committed.");
      }
      try {
        if (servicesFile != null) {
          ServicesFile.write(servicesFile, ServicesFile.content(run, caughtUp));
          out.println("Services written to " + servicesFile);
        }
        if (keepServices) {
          keepUntilSignal(run, out);
        }
      } finally {
        if (servicesFile != null) {
          Files.deleteIfExists(servicesFile);
        }
      }
      out.println("Cancelling the jobs and stopping the services...");
      out.flush();
      run.shutDown().print(out);
      return 0;
    }
  }

  /** Waits for the next Ctrl-C or TERM; the one after it quits at once. */
  private void keepUntilSignal(PlatformRun run, PrintWriter out) throws InterruptedException {
    int seen = signals.get();
    quitAt = seen + 2;
    out.printf(
        "Keeping the services up until Ctrl-C (or TERM to pid %d): Kafka %s  Registry %s  Redis"
            + " %s:%d  Flink web UI %s%n",
        ProcessHandle.current().pid(),
        run.kafkaBootstrap(),
        run.registryUrl(),
        run.redisHost(),
        run.redisPort(),
        run.webUi());
    out.flush();
    while (signals.get() == seen) {
      Thread.sleep(200);
    }
  }
}

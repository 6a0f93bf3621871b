package dev.croupier.platform;

import dev.croupier.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Everything one local-platform run needs: the simulated traffic, the services to start or reuse (a
 * null address means "start one here"), the Flink side and optional output files. Built by the
 * command line or, in tests, directly.
 *
 * @param wallDuration how long the simulator runs at most (wall clock); it also ends when its
 *     event-time span is over
 * @param eventTimeStart the first event's time; event time never runs ahead of the wall clock
 * @param workDir where the run keeps its files (the jobs' checkpoints); null for a temporary
 *     directory removed at the end
 */
public record PlatformSettings(
    int players,
    long seed,
    double fraudRate,
    double ratePerSecond,
    double acceleration,
    Duration wallDuration,
    Instant eventTimeStart,
    Duration eventTimeSpan,
    double badRecordRate,
    String kafkaBootstrap,
    String registryUrl,
    String redisHost,
    Integer redisPort,
    int webUiPort,
    int partitions,
    int parallelism,
    Duration checkpointInterval,
    Path eventLog,
    Path groundTruth,
    Path workDir) {

  /** The run's simulator settings. */
  public SimulatorSettings simulator() {
    return SimulatorSettings.builder()
        .players(players)
        .seed(seed)
        .fraudRate(fraudRate)
        .start(eventTimeStart)
        .duration(eventTimeSpan)
        .rateLimit(ratePerSecond)
        .acceleration(acceleration)
        .badRecordRate(badRecordRate)
        .settings();
  }

  /**
   * The event-time span a paced run covers in {@code wall} ({@code wall × acceleration}), and a
   * start that ends it before {@code now}, on the hour: accelerated event time then never passes
   * the wall clock, and the first hourly boards are whole.
   */
  public static Instant startEndingBefore(Instant now, Duration span) {
    return now.minus(span).truncatedTo(ChronoUnit.HOURS);
  }
}

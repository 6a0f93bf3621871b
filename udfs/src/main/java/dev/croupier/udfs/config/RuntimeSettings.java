package dev.croupier.udfs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a job runs: parallelism (0 = the cluster's default) and the fixed maximum parallelism,
 * checkpointing, state backend, restart policy and the network buffer timeout (latency-sensitive
 * jobs want a few milliseconds).
 *
 * <p>The restart policy is made for jobs that run for months: exponential delay from {@code
 * restartDelay} up to {@code restartMaxDelay}, and a job fails for good only after {@code
 * restartAttempts} restarts without {@code restartResetAfter} of calm between them (a crash loop).
 * After that long without a failure, delay and count start over, so transient faults spread over
 * days never add up.
 *
 * @param maxParallelism the number of key groups: fixed, so that state can be rescaled the same way
 *     whatever the first deployment's parallelism was; a savepoint restores only with the same
 *     value
 * @param tolerableFailedCheckpoints consecutive failed (or expired) checkpoints tolerated before
 *     the job fails over
 */
public record RuntimeSettings(
    int parallelism,
    int maxParallelism,
    Duration checkpointInterval,
    Duration checkpointTimeout,
    int tolerableFailedCheckpoints,
    StateBackend stateBackend,
    String checkpointDir,
    int restartAttempts,
    Duration restartDelay,
    Duration restartMaxDelay,
    Duration restartResetAfter,
    Duration bufferTimeout)
    implements Serializable {

  /**
   * 128 key groups: Flink's own choice for any parallelism up to 85, so savepoints of earlier
   * deployments restore unchanged; enough for 128 subtasks per operator.
   */
  public static final int DEFAULT_MAX_PARALLELISM = 128;

  /**
   * Restarts without calm running in between before a job fails: at the default delays a crash loop
   * ends the job after about 25 minutes; transient faults spread over a day never get there.
   */
  public static final int DEFAULT_RESTART_ATTEMPTS = 30;

  /**
   * The network buffer timeout unless a job chooses its own: a record waits at most this long in a
   * partly filled buffer before it is sent to the next operator.
   */
  public static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(5);

  /** Where keyed state lives. Heap is fastest; RocksDB holds more than memory. */
  public enum StateBackend {
    HASHMAP,
    ROCKSDB
  }

  static RuntimeSettings from(
      ConfigValues c, StateBackend defaultBackend, Duration defaultBufferTimeout) {
    int parallelism = c.intBetween("job.parallelism", 0, 0, 4096);
    int maxParallelism = c.intBetween("job.max-parallelism", DEFAULT_MAX_PARALLELISM, 1, 32_768);
    if (parallelism > maxParallelism) {
      throw ConfigValues.invalid(
          "job.max-parallelism",
          Integer.toString(maxParallelism),
          "at least job.parallelism (" + parallelism + ")");
    }
    Duration initialDelay = c.duration("job.restart-delay", Duration.ofSeconds(1));
    Duration maxDelay = c.duration("job.restart-max-delay", Duration.ofMinutes(1));
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw ConfigValues.invalid(
          "job.restart-max-delay",
          c.raw("job.restart-max-delay"),
          "a duration of at least job.restart-delay (" + initialDelay + ")");
    }
    return new RuntimeSettings(
        parallelism,
        maxParallelism,
        atLeast(c, "job.checkpoint-interval", Duration.ofSeconds(10), Duration.ofMillis(10)),
        atLeast(c, "job.checkpoint-timeout", Duration.ofMinutes(10), Duration.ofMillis(10)),
        c.intBetween("job.tolerable-failed-checkpoints", 5, 0, 1_000),
        c.enumValue("job.state-backend", defaultBackend),
        c.string("job.checkpoint-dir", null),
        c.intBetween("job.restart-attempts", DEFAULT_RESTART_ATTEMPTS, 0, 1_000_000),
        initialDelay,
        maxDelay,
        atLeast(c, "job.restart-reset-after", Duration.ofMinutes(10), Duration.ofSeconds(1)),
        c.duration("job.buffer-timeout", defaultBufferTimeout));
  }

  private static Duration atLeast(ConfigValues c, String key, Duration fallback, Duration min) {
    Duration d = c.duration(key, fallback);
    if (d.compareTo(min) < 0) {
      throw ConfigValues.invalid(key, c.raw(key), "a duration of at least " + min);
    }
    return d;
  }
}

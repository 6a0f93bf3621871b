package dev.croupier.jobs.leaderboard;

import dev.croupier.jobs.common.JobConfig;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.config.EventTimeSettings;
import dev.croupier.udfs.config.RuntimeSettings;
import dev.croupier.udfs.leaderboard.LeaderboardWindows;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The leaderboard job's configuration: the shared settings plus its own {@code leaderboard.*} keys,
 * parsed and validated once. Defaults live in {@code flink-conf/leaderboard-job.properties} and
 * here (the same values):
 *
 * <pre>
 * leaderboard.windows=1h,1d               tumbling window sizes, whole seconds, UTC-epoch aligned
 * leaderboard.out-of-orderness=10s        bounded out-of-orderness of the watermarks
 * leaderboard.idleness=30s                a partition silent this long stops holding the watermark
 * leaderboard.allowed-lateness=1m         a window closes this long after its end (event time)
 * leaderboard.live-update-delay=500ms     a changed score reaches Redis within this (processing time)
 * leaderboard.retention=7d                a board expires this long after its last write
 * leaderboard.transactional-id-prefix=croupier-leaderboard   dead letters: &lt;prefix&gt;-dlq
 * </pre>
 */
public record LeaderboardJobConfig(
    CommonJobConfig common,
    LeaderboardWindows windows,
    EventTimeSettings eventTime,
    Duration allowedLateness,
    Duration liveUpdateDelay,
    Duration retention,
    String transactionalIdPrefix)
    implements JobConfig, Serializable {

  public static final String JOB_NAME = "leaderboard";

  /** Bundled defaults in the job jar (a copy is flink-conf/leaderboard-job.properties). */
  public static final String DEFAULTS = "croupier/leaderboard-job.properties";

  /**
   * Parses and validates; throws a ConfigException naming the first bad key and its expected form.
   */
  public static LeaderboardJobConfig from(ConfigValues c) {
    CommonJobConfig common =
        CommonJobConfig.from(c, JOB_NAME, RuntimeSettings.StateBackend.HASHMAP);
    List<Duration> sizes =
        c.durations("leaderboard.windows", List.of(Duration.ofHours(1), Duration.ofDays(1)));
    LeaderboardWindows windows;
    try {
      windows = LeaderboardWindows.of(sizes);
    } catch (IllegalArgumentException e) {
      throw ConfigValues.invalid(
          "leaderboard.windows",
          c.raw("leaderboard.windows"),
          "distinct window sizes in whole seconds such as 1h,1d (" + e.getMessage() + ")");
    }
    EventTimeSettings eventTime =
        EventTimeSettings.from(c, JOB_NAME, Duration.ofSeconds(10), Duration.ofSeconds(30));
    Duration lateness =
        within(
            c,
            "leaderboard.allowed-lateness",
            Duration.ofMinutes(1),
            Duration.ZERO,
            Duration.ofDays(1));
    Duration delay =
        within(
            c,
            "leaderboard.live-update-delay",
            Duration.ofMillis(500),
            Duration.ZERO,
            Duration.ofMinutes(1));
    Duration retention =
        within(
            c,
            "leaderboard.retention",
            Duration.ofDays(7),
            Duration.ofMinutes(1),
            Duration.ofDays(3650));
    LeaderboardJobConfig config =
        new LeaderboardJobConfig(
            common,
            windows,
            eventTime,
            lateness,
            delay,
            retention,
            JobConfig.transactionalIdPrefix(c, JOB_NAME));
    c.rejectUnknownKeys("the " + JOB_NAME + " job");
    return config;
  }

  /** Bundled defaults, then {@code --config FILE}, then {@code --key=value} arguments. */
  public static LeaderboardJobConfig load(String[] args) {
    return from(ConfigValues.load(DEFAULTS, args));
  }

  @Override
  public List<Topic<?>> inputs() {
    return List.of(Topics.BETS, Topics.ROUNDS);
  }

  /**
   * Object reuse is safe here, and saves a copy of every record between chained functions (an Avro
   * deep copy of each decoded {@code Either} at the routers, a POJO copy of each {@code
   * BoardUpdate} into the Redis sink). Every function of the job, and what it does with a record it
   * is given:
   *
   * <ul>
   *   <li>the decoder ({@code WireDeserializationSchema}) and the sources' timestamp assigner and
   *       watermark generator: the decoder builds a new record per Kafka record; the others only
   *       read it;
   *   <li>the routers ({@code DeadLetterRouter}): hand the record or the dead letter on unchanged
   *       and keep nothing; after them the {@code keyBy} serializes each record onto the network;
   *   <li>the boards ({@code LeaderboardFunction}): read a bet's or settlement's fields (the gameId
   *       string kept in state is immutable), never change it; a late event becomes a dead letter
   *       by encoding it at once; each {@code BoardUpdate} (and its {@code BoardCell}) it emits is
   *       new and never touched again;
   *   <li>the Redis sink ({@code PipelinedRedisSink}) keeps the {@code BoardUpdate}s it is given
   *       until its sender thread has written their batch, after the task thread moved on: safe
   *       because nothing changes them after they are emitted;
   *   <li>the dead-letter Kafka sink serializes each {@code DeadLetter} in {@code write}; it is fed
   *       by a union of three operators, so it is not chained and gets its records over the network
   *       anyway.
   * </ul>
   *
   * A function added to this job must keep to the same rule: never change or keep a record it was
   * given, and never change one after emitting it.
   */
  @Override
  public boolean objectReuse() {
    return true;
  }

  private static Duration within(
      ConfigValues c, String key, Duration fallback, Duration min, Duration max) {
    Duration d = c.duration(key, fallback);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw ConfigValues.invalid(key, c.raw(key), "a duration between " + min + " and " + max);
    }
    return d;
  }
}

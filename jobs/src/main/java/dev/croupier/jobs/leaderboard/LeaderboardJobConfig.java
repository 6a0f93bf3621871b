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

  private static Duration within(
      ConfigValues c, String key, Duration fallback, Duration min, Duration max) {
    Duration d = c.duration(key, fallback);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw ConfigValues.invalid(key, c.raw(key), "a duration between " + min + " and " + max);
    }
    return d;
  }
}

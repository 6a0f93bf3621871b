package dev.croupier.udfs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a job with event time builds its watermarks, under the same keys in every such job:
 *
 * <pre>
 * &lt;job&gt;.out-of-orderness   how far an event may trail the newest of its partition (0 to 1h)
 * &lt;job&gt;.idleness           a partition with nothing to read for this long stops holding the
 *                          watermark back (100ms to 1h)
 * &lt;job&gt;.max-ahead          how far an event's occurredAt may lie ahead of its Kafka timestamp
 *                          before it is a dead letter (future-event-time; 1s to 365d, default 1h)
 * </pre>
 *
 * The balance job, which has no watermarks, reads only {@code balance.max-ahead} ({@link
 * #maxAhead}).
 */
public record EventTimeSettings(Duration outOfOrderness, Duration idleness, Duration maxAhead)
    implements Serializable {

  /** The default of {@code <job>.max-ahead}: an event stamped an hour after it was sent. */
  public static final Duration DEFAULT_MAX_AHEAD = Duration.ofHours(1);

  /** The keys under {@code job} (e.g. {@code fraud.out-of-orderness}), with the job's defaults. */
  public static EventTimeSettings from(
      ConfigValues c, String job, Duration defaultOutOfOrderness, Duration defaultIdleness) {
    return new EventTimeSettings(
        within(c, job + ".out-of-orderness", defaultOutOfOrderness, Duration.ZERO, hour()),
        within(c, job + ".idleness", defaultIdleness, Duration.ofMillis(100), hour()),
        maxAhead(c, job));
  }

  /** {@code <job>.max-ahead}: 1s to 365d, default {@link #DEFAULT_MAX_AHEAD}. */
  public static Duration maxAhead(ConfigValues c, String job) {
    return within(
        c, job + ".max-ahead", DEFAULT_MAX_AHEAD, Duration.ofSeconds(1), Duration.ofDays(365));
  }

  private static Duration hour() {
    return Duration.ofHours(1);
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

package dev.croupier.udfs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a job with event time builds its watermarks, under the same two keys in every such job:
 *
 * <pre>
 * &lt;job&gt;.out-of-orderness   how far an event may trail the newest of its partition (0 to 1h)
 * &lt;job&gt;.idleness           a partition silent this long stops holding the watermark back (100ms to 1h)
 * </pre>
 */
public record EventTimeSettings(Duration outOfOrderness, Duration idleness)
    implements Serializable {

  /** The keys under {@code job} (e.g. {@code fraud.out-of-orderness}), with the job's defaults. */
  public static EventTimeSettings from(
      ConfigValues c, String job, Duration defaultOutOfOrderness, Duration defaultIdleness) {
    return new EventTimeSettings(
        within(c, job + ".out-of-orderness", defaultOutOfOrderness, Duration.ZERO),
        within(c, job + ".idleness", defaultIdleness, Duration.ofMillis(100)));
  }

  private static Duration within(ConfigValues c, String key, Duration fallback, Duration min) {
    Duration max = Duration.ofHours(1);
    Duration d = c.duration(key, fallback);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw ConfigValues.invalid(key, c.raw(key), "a duration between " + min + " and " + max);
    }
    return d;
  }
}

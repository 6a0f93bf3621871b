package dev.croupier.udfs.fraud.config;

import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import java.io.Serializable;
import java.time.Duration;

/**
 * What every rule has: whether it runs, the severity of its alerts and the per (rule, player)
 * cool-down in event time. Keys {@code enabled}, {@code severity}, {@code cool-down}.
 */
public record RuleSettings(RuleId id, boolean enabled, Severity severity, Duration coolDown)
    implements Serializable {

  /** Reads the common keys of {@code c}, with this rule's defaults. */
  public static RuleSettings from(Thresholds c, Severity severity, Duration coolDown) {
    return new RuleSettings(
        c.rule(),
        c.bool("enabled", true),
        c.enumValue("severity", severity),
        c.durationOrZero("cool-down", coolDown));
  }
}

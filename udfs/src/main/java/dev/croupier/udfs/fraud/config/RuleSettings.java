package dev.croupier.udfs.fraud.config;

import dev.croupier.schemas.avro.RuleMode;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleConfigs;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import java.io.Serializable;
import java.time.Duration;

/**
 * What every version of a rule has: which version it is, how it runs ({@code ACTIVE}: alerts on
 * risk.alerts; {@code SHADOW}: on risk.alerts.shadow only; {@code OFF}), the severity of its alerts
 * and the per (rule, player) cool-down in event time. Keys {@code version}, {@code mode}, {@code
 * severity}, {@code cool-down} (see {@link RuleConfigs}).
 */
public record RuleSettings(
    RuleId id, long version, RuleMode mode, Severity severity, Duration coolDown)
    implements Serializable {

  /** Reads the common keys of {@code c}, with this rule's default severity and cool-down. */
  public static RuleSettings from(Thresholds c, Severity severity, Duration coolDown) {
    return new RuleSettings(
        c.rule(),
        c.longAtLeast(RuleConfigs.VERSION, RuleConfigs.FIRST_VERSION, 1),
        c.enumValue(RuleConfigs.MODE, RuleMode.ACTIVE),
        c.enumValue(RuleConfigs.SEVERITY, severity),
        c.durationOrZero(RuleConfigs.COOL_DOWN, coolDown));
  }

  /** Whether this version runs at all. */
  public boolean enabled() {
    return mode != RuleMode.OFF;
  }

  /** Whether its alerts go to the shadow outputs only. */
  public boolean shadow() {
    return mode == RuleMode.SHADOW;
  }
}

package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A fraud rule as the {@link RuleRegistry} knows it: its id, how its typed settings parse from its
 * flat {@code key → value} block of the rules file (or a {@code risk.rules} record), and how it
 * hangs in the job graph. The job's graph wiring, operator uids and settings all come from this one
 * declaration, which each rule class makes once as {@code RULE}. Every rule's function is a {@link
 * LiveRuleFunction}: it reads the versions that run from broadcast state and evaluates each over
 * state they share. Two shapes:
 *
 * <ul>
 *   <li>{@link Keyed}: a keyed function on the player timeline, behind a filter that passes only
 *       what it can use.
 *   <li>{@link Linked}: a keyed function per link (a device, a payment instrument...), each on a
 *       timeline of its own keyed by that link.
 * </ul>
 *
 * @param <S> the rule's settings
 */
public sealed interface FraudRule<S extends FraudRule.Settings> extends Serializable
    permits FraudRule.Keyed, FraudRule.Linked {

  /** What every rule's settings record carries: version, mode, severity, cool-down. */
  interface Settings extends Serializable {
    RuleSettings rule();
  }

  RuleId id();

  /** Parses and validates one version's settings; fails naming the source, rule and key. */
  SerializableFunction<Thresholds, S> settings();

  /**
   * A keyed function on the player timeline. {@code stateVersion} names the layout of its keyed
   * state in its operator uid: a rule whose state changes incompatibly takes the next number, so a
   * savepoint of the old layout is never read as the new one (see {@code FraudUids}).
   */
  record Keyed<S extends Settings>(
      RuleId id,
      SerializableFunction<Thresholds, S> settings,
      FilterFunction<PlayerEvent> accepts,
      SerializableFunction<RuleVersions<S>, LiveRuleFunction<S>> function,
      int stateVersion)
      implements FraudRule<S> {
    public Keyed {
      Objects.requireNonNull(id, "id");
      if (stateVersion < 1) {
        throw new IllegalArgumentException("stateVersion starts at 1, was " + stateVersion);
      }
    }

    /** A rule whose state layout is the first of its id. */
    public Keyed(
        RuleId id,
        SerializableFunction<Thresholds, S> settings,
        FilterFunction<PlayerEvent> accepts,
        SerializableFunction<RuleVersions<S>, LiveRuleFunction<S>> function) {
      this(id, settings, accepts, function, 1);
    }
  }

  /** One keyed function per link, each on its own timeline keyed by the link's value. */
  record Linked<S extends Settings>(
      RuleId id, SerializableFunction<Thresholds, S> settings, List<Link<S>> links)
      implements FraudRule<S> {
    public Linked {
      Objects.requireNonNull(id, "id");
      links = List.copyOf(links);
    }
  }

  /**
   * One link of a {@link Linked} rule: its name (in uids, e.g. {@code device}), the events that
   * carry it, the key and the function.
   */
  record Link<S extends Settings>(
      String name,
      FilterFunction<PlayerEvent> accepts,
      KeySelector<PlayerEvent, String> key,
      SerializableFunction<RuleVersions<S>, LiveRuleFunction<S>> function)
      implements Serializable {}
}

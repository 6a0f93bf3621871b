package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerSignal;
import dev.croupier.udfs.fraud.config.RuleSettings;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A fraud rule as the {@link RuleRegistry} knows it: its id, how its typed settings parse from its
 * flat {@code key → value} block of the rules file, and how it hangs in the job graph. The job's
 * graph wiring, operator uids and settings record all come from this one declaration, which each
 * rule class makes once as {@code RULE}. Three shapes:
 *
 * <ul>
 *   <li>{@link Keyed}: a keyed function on the player timeline, behind a filter that passes only
 *       what it can use.
 *   <li>{@link Cep}: a Flink CEP pattern on the player timeline, fed only the sparse signals a
 *       pre-aggregating function makes.
 *   <li>{@link Linked}: a keyed function per link (a device, a payment instrument...), each on a
 *       timeline of its own keyed by that link.
 * </ul>
 *
 * @param <S> the rule's settings
 */
public sealed interface FraudRule<S extends FraudRule.Settings> extends Serializable
    permits FraudRule.Keyed, FraudRule.Cep, FraudRule.Linked {

  /** What every rule's settings record carries: enabled, severity, cool-down. */
  interface Settings extends Serializable {
    RuleSettings rule();
  }

  RuleId id();

  /** Parses and validates the rule's settings; fails naming the source, rule and key. */
  SerializableFunction<Thresholds, S> settings();

  /** A keyed function on the player timeline. */
  record Keyed<S extends Settings>(
      RuleId id,
      SerializableFunction<Thresholds, S> settings,
      FilterFunction<PlayerEvent> accepts,
      SerializableFunction<S, KeyedProcessFunction<String, PlayerEvent, FraudAlert>> function)
      implements FraudRule<S> {
    public Keyed {
      Objects.requireNonNull(id, "id");
    }
  }

  /** A CEP pattern over the signals of a pre-aggregating function on the player timeline. */
  record Cep<S extends Settings>(
      RuleId id,
      SerializableFunction<Thresholds, S> settings,
      FilterFunction<PlayerEvent> accepts,
      SerializableFunction<S, KeyedProcessFunction<String, PlayerEvent, PlayerSignal>> signals,
      SerializableFunction<S, Pattern<PlayerSignal, ?>> pattern,
      SerializableFunction<S, PatternProcessFunction<PlayerSignal, FraudAlert>> matches)
      implements FraudRule<S> {
    public Cep {
      Objects.requireNonNull(id, "id");
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
      SerializableFunction<S, KeyedProcessFunction<String, PlayerEvent, FraudAlert>> function)
      implements Serializable {}
}

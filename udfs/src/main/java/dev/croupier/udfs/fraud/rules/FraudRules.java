package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.fraud.RuleBook;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.udfs.fraud.config.RuleSettings;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The rules of a fraud job, each with its typed settings, in the order of the {@link RuleRegistry}
 * that configured them from a {@link RuleBook}. Unknown rules, unknown keys and bad values fail at
 * start-up with a message naming the file, rule and key.
 */
public record FraudRules(List<Configured<?>> rules) implements Serializable {

  public FraudRules {
    rules = List.copyOf(rules);
  }

  /** One rule and its settings. */
  public record Configured<S extends FraudRule.Settings>(FraudRule<S> rule, S settings)
      implements Serializable {
    public boolean enabled() {
      return settings.rule().enabled();
    }
  }

  /** The default rules with the defaults of their classes (the bundled file spells them out). */
  public static FraudRules defaults() {
    return RuleRegistry.DEFAULT.configure(RuleBook.empty("(defaults)"));
  }

  /**
   * The default rules from {@code yaml} (named {@code source} in errors), with {@code overrides} on
   * top: rule id → key → value, e.g. from {@code fraud.rule.bet-velocity.min-bets=40}.
   */
  public static FraudRules parse(
      String yaml, String source, Map<String, Map<String, String>> overrides) {
    return RuleRegistry.DEFAULT.parse(yaml, source, overrides);
  }

  /** Every rule's common settings, in registry order. */
  public List<RuleSettings> all() {
    return rules.stream().map(c -> c.settings().rule()).toList();
  }

  /** The rules switched on. */
  public List<Configured<?>> enabledRules() {
    return rules.stream().filter(Configured::enabled).toList();
  }

  /** The settings of {@code rule}. */
  public <S extends FraudRule.Settings> S settings(FraudRule<S> rule) {
    for (Configured<?> c : rules) {
      if (c.rule().equals(rule)) {
        return cast(c.settings());
      }
    }
    throw new IllegalArgumentException("not a configured rule: " + rule.id());
  }

  public RuleSettings rule(RuleId id) {
    return all().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a configured rule: " + id));
  }

  public boolean enabled(RuleId id) {
    return rule(id).enabled();
  }

  @SuppressWarnings("unchecked")
  private static <S> S cast(Object settings) {
    return (S) settings;
  }
}

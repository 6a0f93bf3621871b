package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.fraud.RuleBook;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a fraud job, each with its definitions from the rules file ({@link RuleVersions}),
 * in the order of the {@link RuleRegistry} that configured them from a {@link RuleBook}. Unknown
 * rules, unknown keys and bad values fail at start-up with a message naming the file, rule and key.
 * What runs later may differ: {@code risk.rules} can replace a rule's definition live.
 */
public record FraudRules(List<Configured<?>> rules) implements Serializable {

  public FraudRules {
    rules = List.copyOf(rules);
  }

  /** One rule and its definitions from the rules file. */
  public record Configured<S extends FraudRule.Settings>(
      FraudRule<S> rule, RuleVersions<S> versions) implements Serializable {

    /** The settings of the file's primary version. */
    public S settings() {
      return versions.fileVersions().primary();
    }

    /** Whether the file runs any version of the rule. */
    public boolean enabled() {
      return !versions.fileVersions().versions().isEmpty();
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

  /** Every rule's common settings (the file's primary version), in registry order. */
  public List<RuleSettings> all() {
    return rules.stream().map(c -> c.settings().rule()).toList();
  }

  /** The rules whose file definition runs a version. */
  public List<Configured<?>> enabledRules() {
    return rules.stream().filter(Configured::enabled).toList();
  }

  /** The settings of {@code rule}'s primary version in the file. */
  public <S extends FraudRule.Settings> S settings(FraudRule<S> rule) {
    return versions(rule).fileVersions().primary();
  }

  /** The definitions of {@code rule}. */
  public <S extends FraudRule.Settings> RuleVersions<S> versions(FraudRule<S> rule) {
    for (Configured<?> c : rules) {
      if (c.rule().equals(rule)) {
        return cast(c.versions());
      }
    }
    throw new IllegalArgumentException("not a configured rule: " + rule.id());
  }

  /** Every rule's definitions, by rule id. */
  public Map<String, RuleVersions<?>> versionsById() {
    Map<String, RuleVersions<?>> out = new LinkedHashMap<>();
    for (Configured<?> c : rules) {
      out.put(c.rule().id().id(), c.versions());
    }
    return out;
  }

  public RuleSettings rule(RuleId id) {
    return all().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a configured rule: " + id));
  }

  public boolean enabled(RuleId id) {
    return rules.stream().filter(c -> c.rule().id().equals(id)).anyMatch(Configured::enabled);
  }

  @SuppressWarnings("unchecked")
  private static <S> S cast(Object settings) {
    return (S) settings;
  }
}

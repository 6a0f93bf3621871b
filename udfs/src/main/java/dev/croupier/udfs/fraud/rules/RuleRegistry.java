package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.fraud.InvalidRulesException;
import dev.croupier.schemas.fraud.RuleBook;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fraud rules a job can run, each declared once by its class ({@code RULE}): the registry turns
 * a {@link RuleBook} into the job's {@link FraudRules}, and drives the graph wiring and the
 * operator uids. A new rule is its class, its block in the rules file and its simulator scenario;
 * in production it is also named in {@link #DEFAULT} (and its scenario in the simulator's {@code
 * Scenarios.DEFAULTS}), a test may add it with {@link #with}. Every rule of the registry is wired,
 * whatever its mode in the file: {@code risk.rules} can switch it on without a restart.
 */
public final class RuleRegistry implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The default rule set, in the order of the rules file. */
  public static final RuleRegistry DEFAULT =
      of(
          RapidCashout.RULE,
          BetVelocity.RULE,
          AccountTakeover.RULE,
          MultiAccounting.RULE,
          CardTesting.RULE,
          BonusAbuse.RULE,
          StakeAnomaly.RULE,
          ImpossibleTravel.RULE,
          PayoutAnomaly.RULE,
          ChipDumping.RULE);

  private final LinkedHashMap<RuleId, FraudRule<?>> rules;

  private RuleRegistry(LinkedHashMap<RuleId, FraudRule<?>> rules) {
    this.rules = rules;
  }

  /** A registry of {@code rules}; their ids must be distinct. */
  public static RuleRegistry of(FraudRule<?>... rules) {
    return new RuleRegistry(new LinkedHashMap<>()).with(rules);
  }

  /** This registry and {@code more}. */
  public RuleRegistry with(FraudRule<?>... more) {
    LinkedHashMap<RuleId, FraudRule<?>> all = new LinkedHashMap<>(rules);
    for (FraudRule<?> r : more) {
      if (all.putIfAbsent(r.id(), r) != null) {
        throw new IllegalArgumentException("two rules with the id " + r.id());
      }
    }
    return new RuleRegistry(all);
  }

  /** The rules, in registration order. */
  public List<FraudRule<?>> rules() {
    return List.copyOf(rules.values());
  }

  public List<RuleId> ids() {
    return List.copyOf(rules.keySet());
  }

  /**
   * Each rule's settings from its block of {@code book} (its defaults where the book has none);
   * throws {@link ConfigException} naming the source, rule and key of the first problem: a rule the
   * registry does not know, a bad value, a key the rule does not have.
   */
  public FraudRules configure(RuleBook book) {
    try {
      for (RuleId id : book.ids()) {
        if (!rules.containsKey(id)) {
          throw new InvalidRulesException(
              "Fraud rules "
                  + book.source()
                  + ": rule '"
                  + id
                  + "' is unknown: expected one of "
                  + ids());
        }
      }
      List<FraudRules.Configured<?>> configured = new ArrayList<>();
      for (FraudRule<?> rule : rules.values()) {
        configured.add(configure(rule, book));
      }
      return new FraudRules(configured);
    } catch (InvalidRulesException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /**
   * Every key the rules read, as {@code <rule-id>.<key>} (e.g. {@code bet-velocity.min-bets}): the
   * keys a job's {@code fraud.rule.*} may override.
   */
  public Set<String> overrideKeys() {
    Set<String> keys = new TreeSet<>();
    for (FraudRule<?> rule : rules.values()) {
      Thresholds t = new Thresholds("(keys)", rule.id(), Map.of());
      rule.settings().apply(t);
      t.knownKeys().forEach(k -> keys.add(rule.id().id() + "." + k));
    }
    return keys;
  }

  /** {@link #configure} of the rules in {@code yaml} with single values overridden. */
  public FraudRules parse(String yaml, String source, Map<String, Map<String, String>> overrides) {
    try {
      return configure(RuleBook.parse(yaml, source).withOverrides(overrides));
    } catch (InvalidRulesException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private static <S extends FraudRule.Settings> FraudRules.Configured<S> configure(
      FraudRule<S> rule, RuleBook book) {
    return new FraudRules.Configured<>(
        rule, RuleVersions.of(rule, book.config(rule.id()), book.source()));
  }
}

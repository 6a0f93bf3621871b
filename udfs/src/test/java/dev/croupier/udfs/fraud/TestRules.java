package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.fraud.RuleBook;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.rules.FraudRule;
import dev.croupier.udfs.fraud.rules.FraudRules;
import java.util.Map;

/** Rule functions and rules records for tests, built the way the job builds them. */
public final class TestRules {
  private TestRules() {}

  /** The function of a player-timeline rule, with the default definitions. */
  public static <S extends FraudRule.Settings> LiveRuleFunction<S> function(FraudRule<S> rule) {
    return function(rule, FraudRules.defaults());
  }

  /** The function of a player-timeline rule, with the definitions of {@code rules}. */
  public static <S extends FraudRule.Settings> LiveRuleFunction<S> function(
      FraudRule<S> rule, FraudRules rules) {
    return ((FraudRule.Keyed<S>) rule).function().apply(rules.versions(rule));
  }

  /** The default rules from a rules file's text. */
  public static FraudRules fromYaml(String yaml) {
    return FraudRules.parse(yaml, "'test'", Map.of());
  }

  /**
   * A risk.rules record of {@code rule} from its block in YAML, e.g. {@code "version: 2\nmin-bets:
   * 5"}; indentation is added.
   */
  public static RuleConfig record(String rule, String block) {
    String yaml =
        "rules:\n  "
            + rule
            + ":\n"
            + block.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
    return RuleBook.parse(yaml, "'test'").config(RuleId.of(rule));
  }
}

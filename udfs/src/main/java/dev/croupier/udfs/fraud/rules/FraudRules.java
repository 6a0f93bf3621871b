package dev.croupier.udfs.fraud.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.config.KeySuggestions;
import dev.croupier.udfs.fraud.RuleId;
import dev.croupier.udfs.fraud.config.RuleConfig;
import dev.croupier.udfs.fraud.config.RuleSettings;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The thresholds of all ten rules, read from a YAML rules file ({@code rules: <rule-id>: <key>:
 * <value>}), with DESIGN.md's values as defaults for anything the file leaves out. Unknown rules,
 * unknown keys and bad values fail at start-up with a message naming the file, rule and key.
 */
public record FraudRules(
    RapidCashout.Settings rapidCashout,
    BetVelocity.Settings betVelocity,
    AccountTakeover.Settings accountTakeover,
    MultiAccounting.Settings multiAccounting,
    CardTesting.Settings cardTesting,
    BonusAbuse.Settings bonusAbuse,
    StakeAnomaly.Settings stakeAnomaly,
    ImpossibleTravel.Settings impossibleTravel,
    PayoutAnomaly.Settings payoutAnomaly,
    ChipDumping.Settings chipDumping)
    implements Serializable {

  /** DESIGN.md's default rule set. */
  public static FraudRules defaults() {
    return from("(defaults)", Map.of());
  }

  /**
   * Parses {@code yaml} (named {@code source} in errors), then applies {@code overrides}: rule id →
   * key → value, e.g. from {@code fraud.rule.bet-velocity.min-bets=40}.
   */
  public static FraudRules parse(
      String yaml, String source, Map<String, Map<String, String>> overrides) {
    Map<String, Map<String, String>> byRule = read(yaml, source);
    overrides.forEach(
        (rule, keys) -> byRule.computeIfAbsent(rule, r -> new TreeMap<>()).putAll(keys));
    return from(source, byRule);
  }

  /** Every rule's common settings, in DESIGN.md's order. */
  public List<RuleSettings> all() {
    return List.of(
        rapidCashout.rule(),
        betVelocity.rule(),
        accountTakeover.rule(),
        multiAccounting.rule(),
        cardTesting.rule(),
        bonusAbuse.rule(),
        stakeAnomaly.rule(),
        impossibleTravel.rule(),
        payoutAnomaly.rule(),
        chipDumping.rule());
  }

  public RuleSettings rule(RuleId id) {
    return all().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
  }

  public boolean enabled(RuleId id) {
    return rule(id).enabled();
  }

  /**
   * Every key a rule reads, as {@code <rule-id>.<key>} (e.g. {@code bet-velocity.min-bets}): the
   * keys that {@code fraud.rule.*} may override.
   */
  public static Set<String> overrideKeys() {
    Map<RuleId, RuleConfig> c = configs("(keys)", Map.of());
    build(c);
    Set<String> keys = new TreeSet<>();
    c.forEach((id, rule) -> rule.knownKeys().forEach(k -> keys.add(id.id() + "." + k)));
    return keys;
  }

  private static FraudRules from(String source, Map<String, Map<String, String>> byRule) {
    for (String rule : byRule.keySet()) {
      if (!RuleId.ids().contains(rule)) {
        throw new ConfigException(
            "Fraud rules "
                + source
                + ": rule '"
                + rule
                + "' is unknown: did you mean '"
                + KeySuggestions.nearest(rule, RuleId.ids())
                + "'? Expected one of "
                + RuleId.ids());
      }
    }
    Map<RuleId, RuleConfig> c = configs(source, byRule);
    FraudRules rules = build(c);
    c.values().forEach(RuleConfig::rejectUnknownKeys);
    return rules;
  }

  private static Map<RuleId, RuleConfig> configs(
      String source, Map<String, Map<String, String>> byRule) {
    Map<RuleId, RuleConfig> c = new HashMap<>();
    for (RuleId id : RuleId.values()) {
      c.put(id, new RuleConfig(source, id.id(), byRule.getOrDefault(id.id(), Map.of())));
    }
    return c;
  }

  private static FraudRules build(Map<RuleId, RuleConfig> c) {
    return new FraudRules(
        RapidCashout.Settings.from(c.get(RuleId.RAPID_CASHOUT)),
        BetVelocity.Settings.from(c.get(RuleId.BET_VELOCITY)),
        AccountTakeover.Settings.from(c.get(RuleId.ACCOUNT_TAKEOVER)),
        MultiAccounting.Settings.from(c.get(RuleId.MULTI_ACCOUNTING)),
        CardTesting.Settings.from(c.get(RuleId.CARD_TESTING)),
        BonusAbuse.Settings.from(c.get(RuleId.BONUS_ABUSE)),
        StakeAnomaly.Settings.from(c.get(RuleId.STAKE_ANOMALY)),
        ImpossibleTravel.Settings.from(c.get(RuleId.IMPOSSIBLE_TRAVEL)),
        PayoutAnomaly.Settings.from(c.get(RuleId.PAYOUT_ANOMALY)),
        ChipDumping.Settings.from(c.get(RuleId.CHIP_DUMPING)));
  }

  private static Map<String, Map<String, String>> read(String yaml, String source) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new ConfigException("Fraud rules " + source + ": not valid YAML: " + e.getMessage(), e);
    }
    Map<String, Map<String, String>> byRule = new TreeMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return byRule;
    }
    if (!root.isObject()
        || root.size() != 1
        || !root.has("rules")
        || !root.get("rules").isObject()) {
      throw new ConfigException(
          "Fraud rules "
              + source
              + ": expected a single top-level key 'rules' holding"
              + " one mapping per rule id, e.g. rules: {bet-velocity: {min-bets: 30}}");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("rules").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> rule = it.next();
      Map<String, String> keys = new TreeMap<>();
      JsonNode body = rule.getValue();
      if (!body.isNull() && !body.isObject()) {
        throw new ConfigException(
            "Fraud rules "
                + source
                + ": rule '"
                + rule.getKey()
                + "': expected a mapping of keys to values, got '"
                + body.asText()
                + "'");
      }
      for (Iterator<Map.Entry<String, JsonNode>> kv = body.fields(); kv.hasNext(); ) {
        Map.Entry<String, JsonNode> e = kv.next();
        if (!e.getValue().isValueNode()) {
          throw new ConfigException(
              "Fraud rules "
                  + source
                  + ": rule '"
                  + rule.getKey()
                  + "', key '"
                  + e.getKey()
                  + "': expected a single value, got a "
                  + e.getValue().getNodeType().name().toLowerCase());
        }
        keys.put(e.getKey(), e.getValue().asText());
      }
      byRule.put(rule.getKey(), keys);
    }
    return byRule;
  }
}

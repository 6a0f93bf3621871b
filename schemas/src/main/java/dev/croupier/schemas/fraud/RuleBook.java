package dev.croupier.schemas.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.croupier.schemas.avro.RuleConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rules file: one flat {@code key → value} block per rule id, in file order ({@code rules:
 * <rule-id>: <key>: <value>}), each with an optional nested {@code shadow:} block of the same form
 * (see {@link RuleConfigs}). Flink-free, so the fraud job, the simulator and tools read the same
 * file the same way: the job turns each block into its rule's definition ({@link #config}) and
 * typed settings, the simulator reads the windows its scenarios must fit in. The default set ships
 * as the classpath resource {@value #RESOURCE} (a copy of {@code flink-conf/fraud-rules.yaml}).
 */
public final class RuleBook implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The bundled rules file on the classpath. */
  public static final String RESOURCE = "croupier/fraud-rules.yaml";

  private final String source;
  private final LinkedHashMap<RuleId, Map<String, String>> byRule;
  private final Map<RuleId, Map<String, String>> shadowByRule;

  private RuleBook(
      String source,
      LinkedHashMap<RuleId, Map<String, String>> byRule,
      Map<RuleId, Map<String, String>> shadowByRule) {
    this.source = source;
    this.byRule = byRule;
    this.shadowByRule = shadowByRule;
  }

  /** No rules: every rule keeps its defaults. */
  public static RuleBook empty(String source) {
    return new RuleBook(source, new LinkedHashMap<>(), new TreeMap<>());
  }

  /** The bundled default rules ({@value #RESOURCE}). */
  public static RuleBook bundled() {
    try (InputStream in = RuleBook.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new InvalidRulesException("The bundled rules '" + RESOURCE + "' are missing");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "'" + RESOURCE + "'");
    } catch (IOException e) {
      throw new InvalidRulesException("Could not read the bundled rules '" + RESOURCE + "'", e);
    }
  }

  /**
   * Parses {@code yaml}, named {@code source} in errors; fails on anything but a single top-level
   * {@code rules} mapping of rule ids to flat mappings of single values.
   */
  public static RuleBook parse(String yaml, String source) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new InvalidRulesException(
          "Fraud rules " + source + ": not valid YAML: " + e.getMessage(), e);
    }
    LinkedHashMap<RuleId, Map<String, String>> byRule = new LinkedHashMap<>();
    Map<RuleId, Map<String, String>> shadowByRule = new TreeMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new RuleBook(source, byRule, shadowByRule);
    }
    if (!root.isObject()
        || root.size() != 1
        || !root.has("rules")
        || !root.get("rules").isObject()) {
      throw new InvalidRulesException(
          "Fraud rules "
              + source
              + ": expected a single top-level key 'rules' holding"
              + " one mapping per rule id, e.g. rules: {bet-velocity: {min-bets: 30}}");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("rules").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> rule = it.next();
      RuleId id = id(source, rule.getKey());
      JsonNode body = rule.getValue();
      if (!body.isNull() && !body.isObject()) {
        throw new InvalidRulesException(
            prefix(source, id)
                + "expected a mapping of keys to values, got '"
                + body.asText()
                + "'");
      }
      Map<String, String> keys = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> kv = body.fields(); kv.hasNext(); ) {
        Map.Entry<String, JsonNode> e = kv.next();
        if (e.getKey().equals(RuleConfigs.SHADOW) && e.getValue().isObject()) {
          shadowByRule.put(id, flat(source, id, RuleConfigs.SHADOW + ".", e.getValue()));
        } else if (e.getKey().equals(RuleConfigs.SHADOW) && !e.getValue().isNull()) {
          throw new InvalidRulesException(
              prefix(source, id)
                  + "key 'shadow': expected a mapping of the keys that differ from the"
                  + " primary, e.g. shadow: {min-bets: 25}");
        } else if (!e.getKey().equals(RuleConfigs.SHADOW)) {
          keys.put(e.getKey(), value(source, id, "", e));
        }
      }
      byRule.put(id, keys);
    }
    return new RuleBook(source, byRule, shadowByRule);
  }

  private static Map<String, String> flat(
      String source, RuleId id, String keyPrefix, JsonNode body) {
    Map<String, String> keys = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> kv = body.fields(); kv.hasNext(); ) {
      Map.Entry<String, JsonNode> e = kv.next();
      keys.put(e.getKey(), value(source, id, keyPrefix, e));
    }
    return keys;
  }

  private static String value(
      String source, RuleId id, String keyPrefix, Map.Entry<String, JsonNode> e) {
    if (!e.getValue().isValueNode()) {
      throw new InvalidRulesException(
          "Fraud rules "
              + source
              + ": rule '"
              + id
              + "', key '"
              + keyPrefix
              + e.getKey()
              + "': expected a single value, got a "
              + e.getValue().getNodeType().name().toLowerCase(Locale.ROOT));
    }
    if (e.getKey().equals(RuleConfigs.MODE) && e.getValue().isBoolean()) {
      // YAML 1.1 reads a bare `off` (and `on`) as a boolean
      return e.getValue().booleanValue() ? "on" : "off";
    }
    return e.getValue().asText();
  }

  /**
   * The same rules with single values replaced: rule id → key → value, e.g. from {@code
   * fraud.rule.bet-velocity.min-bets=40}; a key {@code shadow.<key>} sets a key of the rule's
   * shadow block.
   */
  public RuleBook withOverrides(Map<String, Map<String, String>> overrides) {
    LinkedHashMap<RuleId, Map<String, String>> merged = new LinkedHashMap<>();
    byRule.forEach((id, keys) -> merged.put(id, new TreeMap<>(keys)));
    Map<RuleId, Map<String, String>> shadows = new TreeMap<>();
    shadowByRule.forEach((id, keys) -> shadows.put(id, new TreeMap<>(keys)));
    String shadowKey = RuleConfigs.SHADOW + ".";
    overrides.forEach(
        (rule, keys) -> {
          RuleId id = id(source, rule);
          Map<String, String> primary = merged.computeIfAbsent(id, r -> new TreeMap<>());
          keys.forEach(
              (k, v) -> {
                if (k.startsWith(shadowKey)) {
                  shadows
                      .computeIfAbsent(id, r -> new TreeMap<>())
                      .put(k.substring(shadowKey.length()), v);
                } else {
                  // mode and its older spelling enabled: the override's spelling wins
                  if (k.equals(RuleConfigs.MODE)) {
                    primary.remove(RuleConfigs.ENABLED);
                  } else if (k.equals(RuleConfigs.ENABLED)) {
                    primary.remove(RuleConfigs.MODE);
                  }
                  primary.put(k, v);
                }
              });
        });
    return new RuleBook(source, merged, shadows);
  }

  /** Where the rules come from, as errors name it. */
  public String source() {
    return source;
  }

  /** The rules the file has a block for, in file order. */
  public List<RuleId> ids() {
    return new ArrayList<>(byRule.keySet());
  }

  /**
   * A fresh reader of {@code rule}'s primary values as written (none if the file has no block for
   * it: its defaults apply).
   */
  public Thresholds thresholds(RuleId rule) {
    return new Thresholds(source, rule, byRule.getOrDefault(rule, Map.of()));
  }

  /**
   * The definition of {@code rule} in this file (version 1, active, the rule's defaults if the file
   * has no block for it); fails naming the source, rule and key of a bad common key.
   */
  public RuleConfig config(RuleId rule) {
    return RuleConfigs.fromBlock(
        source, rule, byRule.getOrDefault(rule, Map.of()), shadowByRule.get(rule));
  }

  /**
   * The time window of {@code rule} (key {@code window}), {@link Duration#ZERO} for a rule without
   * one; the simulator fits each scenario's decisive events into one such window.
   */
  public Duration window(RuleId rule) {
    return thresholds(rule).durationOrZero("window", Duration.ZERO);
  }

  private static RuleId id(String source, String text) {
    try {
      return RuleId.of(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidRulesException("Fraud rules " + source + ": " + e.getMessage(), e);
    }
  }

  private static String prefix(String source, RuleId id) {
    return "Fraud rules " + source + ": rule '" + id + "': ";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleBook b
        && byRule.equals(b.byRule)
        && shadowByRule.equals(b.shadowByRule);
  }

  @Override
  public int hashCode() {
    return byRule.hashCode() * 31 + shadowByRule.hashCode();
  }

  @Override
  public String toString() {
    return "RuleBook" + byRule.keySet() + " from " + source;
  }
}

package dev.croupier.schemas.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
 * <rule-id>: <key>: <value>}). Flink-free, so the fraud job, the simulator and tools read the same
 * file the same way: the job turns each block into its rule's typed settings, the simulator reads
 * the windows its scenarios must fit in. The default set ships as the classpath resource {@value
 * #RESOURCE} (a copy of {@code flink-conf/fraud-rules.yaml}).
 */
public final class RuleBook implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The bundled rules file on the classpath. */
  public static final String RESOURCE = "croupier/fraud-rules.yaml";

  private final String source;
  private final LinkedHashMap<RuleId, Map<String, String>> byRule;

  private RuleBook(String source, LinkedHashMap<RuleId, Map<String, String>> byRule) {
    this.source = source;
    this.byRule = byRule;
  }

  /** No rules: every rule keeps its defaults. */
  public static RuleBook empty(String source) {
    return new RuleBook(source, new LinkedHashMap<>());
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
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new RuleBook(source, byRule);
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
        if (!e.getValue().isValueNode()) {
          throw new InvalidRulesException(
              "Fraud rules "
                  + source
                  + ": rule '"
                  + id
                  + "', key '"
                  + e.getKey()
                  + "': expected a single value, got a "
                  + e.getValue().getNodeType().name().toLowerCase(Locale.ROOT));
        }
        keys.put(e.getKey(), e.getValue().asText());
      }
      byRule.put(id, keys);
    }
    return new RuleBook(source, byRule);
  }

  /**
   * The same rules with single values replaced: rule id → key → value, e.g. from {@code
   * fraud.rule.bet-velocity.min-bets=40}.
   */
  public RuleBook withOverrides(Map<String, Map<String, String>> overrides) {
    LinkedHashMap<RuleId, Map<String, String>> merged = new LinkedHashMap<>();
    byRule.forEach((id, keys) -> merged.put(id, new TreeMap<>(keys)));
    overrides.forEach(
        (rule, keys) ->
            merged.computeIfAbsent(id(source, rule), r -> new TreeMap<>()).putAll(keys));
    return new RuleBook(source, merged);
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
   * A fresh reader of {@code rule}'s values (none if the file has no block for it: its defaults
   * apply).
   */
  public Thresholds thresholds(RuleId rule) {
    return new Thresholds(source, rule, byRule.getOrDefault(rule, Map.of()));
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
    return o instanceof RuleBook b && byRule.equals(b.byRule);
  }

  @Override
  public int hashCode() {
    return byRule.hashCode();
  }

  @Override
  public String toString() {
    return "RuleBook" + byRule.keySet() + " from " + source;
  }
}

package dev.croupier.udfs.fraud.config;

import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.config.KeySuggestions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One rule's section of the rules file as typed, validating getters. Every error names the file,
 * the rule and the key, and says what was expected; keys nobody asked for are rejected too, so a
 * typo cannot silently leave a default threshold in force.
 */
public final class RuleConfig {
  private final String source;
  private final String ruleId;
  private final Map<String, String> values;
  private final ConfigValues typed;
  private final Set<String> known = new TreeSet<>();

  public RuleConfig(String source, String ruleId, Map<String, String> values) {
    this.source = source;
    this.ruleId = ruleId;
    this.values = new TreeMap<>(values);
    this.typed = ConfigValues.of(this.values);
  }

  public String ruleId() {
    return ruleId;
  }

  public boolean bool(String key, boolean def) {
    return read(key, () -> typed.bool(key, def));
  }

  public long longAtLeast(String key, long def, long min) {
    return read(key, () -> typed.longBetween(key, def, min, Long.MAX_VALUE));
  }

  public int intBetween(String key, int def, int min, int max) {
    return read(key, () -> typed.intBetween(key, def, min, max));
  }

  /** A positive duration such as {@code 10s}, {@code 30m}, {@code 24h}. */
  public Duration duration(String key, Duration def) {
    Duration d = read(key, () -> typed.duration(key, def));
    if (d.isZero() && !def.isZero()) {
      throw error(key, values.get(key), "a positive duration such as 10s, 30m or 24h");
    }
    return d;
  }

  /** A duration that may be zero (a cool-down of 0 disables it). */
  public Duration durationOrZero(String key, Duration def) {
    return read(key, () -> typed.duration(key, def));
  }

  public <E extends Enum<E>> E enumValue(String key, E def) {
    return read(key, () -> typed.enumValue(key, def));
  }

  public double doubleAtLeast(String key, double def, double min) {
    known.add(key);
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return def;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (Double.isNaN(d) || Double.isInfinite(d) || d < min) {
        throw error(key, v, "a number of at least " + min);
      }
      return d;
    } catch (NumberFormatException e) {
      throw error(key, v, "a number of at least " + min);
    }
  }

  /** Fails naming the first key that no getter asked for; call after reading every key. */
  public void rejectUnknownKeys() {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new ConfigException(
            prefix(key)
                + "is not a key of this rule: did you mean '"
                + KeySuggestions.nearest(key, known)
                + "'? Expected one of "
                + known);
      }
    }
  }

  /** The keys the getters asked for so far. */
  public Set<String> knownKeys() {
    return java.util.Collections.unmodifiableSet(known);
  }

  private <T> T read(String key, java.util.function.Supplier<T> getter) {
    known.add(key);
    try {
      return getter.get();
    } catch (ConfigException e) {
      // ConfigValues says "Config key 'k': expected ..."; keep the "expected ..." part.
      String m = e.getMessage();
      int at = m.indexOf("': ");
      throw new ConfigException(prefix(key) + (at >= 0 ? m.substring(at + 3) : m), e);
    }
  }

  private ConfigException error(String key, String value, String expected) {
    return new ConfigException(prefix(key) + "expected " + expected + ", got '" + value + "'");
  }

  private String prefix(String key) {
    return "Fraud rules " + source + ": rule '" + ruleId + "', key '" + key + "': ";
  }
}

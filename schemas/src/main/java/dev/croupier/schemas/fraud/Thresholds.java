package dev.croupier.schemas.fraud;

import dev.croupier.schemas.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One rule's flat {@code key → value} settings (its block of the rules file, or a single rule
 * pushed at run time) read through typed, validating getters. Every error names the source, the
 * rule and the key and says what was expected; {@link #rejectUnknownKeys} then refuses keys nobody
 * asked for, so a typo cannot silently leave a default threshold in force. Each getter takes the
 * rule's own default, used when the key is absent.
 */
public final class Thresholds {
  private final String source;
  private final RuleId rule;
  private final Map<String, String> values;
  private final Set<String> known = new TreeSet<>();

  /** The values of {@code rule} from {@code source} (named in errors, e.g. a file name). */
  public Thresholds(String source, RuleId rule, Map<String, String> values) {
    this.source = source;
    this.rule = rule;
    this.values = new TreeMap<>(values);
  }

  public RuleId rule() {
    return rule;
  }

  /** The raw values, as given. */
  public Map<String, String> values() {
    return Map.copyOf(values);
  }

  public boolean bool(String key, boolean def) {
    return read(
        key,
        def,
        v ->
            switch (v.toLowerCase(Locale.ROOT)) {
              case "true", "yes", "on" -> true;
              case "false", "no", "off" -> false;
              default -> throw expected(key, v, "true or false");
            });
  }

  public long longAtLeast(String key, long def, long min) {
    return longBetween(key, def, min, Long.MAX_VALUE);
  }

  public int intBetween(String key, int def, int min, int max) {
    return (int) longBetween(key, def, min, max);
  }

  private long longBetween(String key, long def, long min, long max) {
    return read(
        key,
        def,
        v -> {
          String form = "an integer between " + min + " and " + max;
          try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < min || n > max) {
              throw expected(key, v, form);
            }
            return n;
          } catch (NumberFormatException e) {
            throw expected(key, v, form);
          }
        });
  }

  public double doubleAtLeast(String key, double def, double min) {
    return read(
        key,
        def,
        v -> {
          try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d) || d < min) {
              throw expected(key, v, "a number of at least " + min);
            }
            return d;
          } catch (NumberFormatException e) {
            throw expected(key, v, "a number of at least " + min);
          }
        });
  }

  /** A positive duration such as {@code 10s}, {@code 30m}, {@code 24h}. */
  public Duration duration(String key, Duration def) {
    Duration d = durationOrZero(key, def);
    if (d.isZero() && !def.isZero()) {
      throw expected(key, values.get(key), "a positive duration such as 10s, 30m or 24h");
    }
    return d;
  }

  /** A duration that may be zero (a cool-down of 0 switches it off). */
  public Duration durationOrZero(String key, Duration def) {
    return read(
        key,
        def,
        v -> {
          try {
            return Durations.parse(v);
          } catch (IllegalArgumentException e) {
            throw expected(key, v, Durations.FORM);
          }
        });
  }

  /** One of {@code def}'s enum constants, written in any case, {@code -} for {@code _}. */
  public <E extends Enum<E>> E enumValue(String key, E def) {
    Class<E> type = def.getDeclaringClass();
    return read(
        key,
        def,
        v -> {
          try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
          } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
              names.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw expected(key, v, "one of " + names);
          }
        });
  }

  /** Fails naming the first key that no getter asked for; call after reading every key. */
  public void rejectUnknownKeys() {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new InvalidRulesException(
            prefix(key) + "is not a key of this rule: expected one of " + known);
      }
    }
  }

  /** The keys the getters asked for so far, sorted: after a rule read its settings, its keys. */
  public Set<String> knownKeys() {
    return java.util.Collections.unmodifiableSet(known);
  }

  private interface Parser<T> {
    T parse(String value);
  }

  private <T> T read(String key, T def, Parser<T> parser) {
    known.add(key);
    String v = values.get(key);
    return v == null || v.isBlank() ? def : parser.parse(v.trim());
  }

  private InvalidRulesException expected(String key, String value, String form) {
    return new InvalidRulesException(prefix(key) + "expected " + form + ", got '" + value + "'");
  }

  private String prefix(String key) {
    return "Fraud rules " + source + ": rule '" + rule + "', key '" + key + "': ";
  }
}

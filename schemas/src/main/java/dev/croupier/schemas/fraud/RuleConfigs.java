package dev.croupier.schemas.fraud;

import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.avro.RuleMode;
import dev.croupier.schemas.avro.RuleVersion;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.config.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A rule's definition as the rules file writes it (one YAML block) and as {@code risk.rules}
 * carries it ({@link RuleConfig}), and the way between them; Flink-free, so the fraud job, the
 * {@code croupier-rules} command and the backtest read rules the same way.
 *
 * <p>Every rule block has the common keys {@value #VERSION} (default 1), {@value #MODE} ({@code
 * active}, {@code shadow} or {@code off}; {@code enabled: false} is the older spelling of {@code
 * mode: off}), {@value #SEVERITY} and {@value #COOL_DOWN} (left out: the rule's defaults), its own
 * thresholds, and optionally a nested {@value #SHADOW} block: a candidate that runs beside an
 * ACTIVE primary with the primary's keys except those it names ({@code version} defaults to the
 * primary's + 1).
 *
 * <p>Versions: a version number names one definition of a rule (severity, cool-down, thresholds)
 * for good; the mode says how it runs. {@link #check} says whether a record may follow the live
 * one.
 */
public final class RuleConfigs {
  public static final String VERSION = "version";
  public static final String MODE = "mode";
  public static final String ENABLED = "enabled";
  public static final String SEVERITY = "severity";
  public static final String COOL_DOWN = "cool-down";
  public static final String SHADOW = "shadow";

  /** The version of a rule whose block names none. */
  public static final long FIRST_VERSION = 1;

  private static final Set<String> COMMON = Set.of(VERSION, MODE, ENABLED, SEVERITY, COOL_DOWN);
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/+-]+");

  private RuleConfigs() {}

  /**
   * The definition of {@code rule} in a rules file block: {@code primary} keys and the keys of its
   * {@code shadow} block (null when it has none). Fails naming {@code source}, the rule and the
   * key.
   */
  public static RuleConfig fromBlock(
      String source, RuleId rule, Map<String, String> primary, Map<String, String> shadow) {
    Thresholds t = new Thresholds(source, rule, primary);
    long version = t.longAtLeast(VERSION, FIRST_VERSION, 1);
    RuleMode mode = mode(source, rule, t, primary);
    Severity severity = primary.containsKey(SEVERITY) ? t.enumValue(SEVERITY, Severity.LOW) : null;
    Long coolDown = coolDown(t, primary);
    Map<String, String> thresholds = withoutCommonKeys(primary);
    RuleVersion candidate = null;
    if (shadow != null) {
      for (String key : List.of(MODE, ENABLED, SHADOW)) {
        if (shadow.containsKey(key)) {
          throw new InvalidRulesException(
              "Fraud rules "
                  + source
                  + ": rule '"
                  + rule
                  + "', key 'shadow."
                  + key
                  + "': a shadow always runs in shadow mode beside an active primary;"
                  + " expected only version, severity, cool-down and thresholds here");
        }
      }
      Thresholds s = new Thresholds(source, rule, prefixed(shadow));
      Map<String, String> merged = new TreeMap<>(thresholds);
      merged.putAll(withoutCommonKeys(shadow));
      candidate =
          RuleVersion.newBuilder()
              .setVersion(s.longAtLeast(SHADOW + "." + VERSION, version + 1, 1))
              .setSeverity(
                  shadow.containsKey(SEVERITY)
                      ? s.enumValue(SHADOW + "." + SEVERITY, Severity.LOW)
                      : severity)
              .setCoolDownMillis(
                  shadow.containsKey(COOL_DOWN)
                      ? Long.valueOf(
                          s.durationOrZero(SHADOW + "." + COOL_DOWN, Duration.ZERO).toMillis())
                      : coolDown)
              .setThresholds(merged)
              .build();
    }
    return RuleConfig.newBuilder()
        .setRuleId(rule.id())
        .setVersion(version)
        .setMode(mode)
        .setSeverity(severity)
        .setCoolDownMillis(coolDown)
        .setThresholds(thresholds)
        .setShadow(candidate)
        .build();
  }

  /**
   * The flat {@code key → value} settings of the primary definition, as the rule's settings parser
   * reads them: its thresholds plus version, mode and, where set, severity and cool-down.
   */
  public static Map<String, String> primaryValues(RuleConfig c) {
    return values(
        c.getThresholds(), c.getVersion(), c.getMode(), c.getSeverity(), c.getCoolDownMillis());
  }

  /** The flat settings of the shadow definition (mode {@code shadow}), if the record has one. */
  public static Optional<Map<String, String>> shadowValues(RuleConfig c) {
    RuleVersion s = c.getShadow();
    return s == null
        ? Optional.empty()
        : Optional.of(
            values(
                s.getThresholds(),
                s.getVersion(),
                RuleMode.SHADOW,
                s.getSeverity(),
                s.getCoolDownMillis()));
  }

  /** The highest version a record names (its primary's or its shadow's). */
  public static long newestVersion(RuleConfig c) {
    return c.getShadow() == null
        ? c.getVersion()
        : Math.max(c.getVersion(), c.getShadow().getVersion());
  }

  /**
   * Which of the rules file's definition and the topic's runs: the one naming the higher version;
   * on a tie the topic's (it was written later). {@code fromTopic} may be null.
   */
  public static RuleConfig live(RuleConfig fromFile, RuleConfig fromTopic) {
    if (fromTopic == null) {
      return fromFile;
    }
    return newestVersion(fromFile) > newestVersion(fromTopic) ? fromFile : fromTopic;
  }

  /** What may happen to a record that would follow the live one. */
  public sealed interface Verdict {
    /** It changes what runs. */
    record Accept() implements Verdict {}

    /** It says what already runs: nothing to do (a repeated push, a replay). */
    record Unchanged() implements Verdict {}

    /** It must not run: why, for the dead letter. */
    record Reject(String reason) implements Verdict {}
  }

  /**
   * Whether {@code next} may follow {@code live}: a shadow only beside an ACTIVE primary and with a
   * greater version; a version number the live record names must keep its definition (severity,
   * cool-down, thresholds; the mode may change); a new version number must be greater than every
   * live one (so a rollback is a new version with the old settings).
   */
  public static Verdict check(RuleConfig live, RuleConfig next) {
    if (next.getShadow() != null && next.getMode() != RuleMode.ACTIVE) {
      return new Verdict.Reject(
          "a shadow version runs only beside an ACTIVE primary, but the primary (version "
              + next.getVersion()
              + ") is "
              + next.getMode());
    }
    if (next.getShadow() != null && next.getShadow().getVersion() <= next.getVersion()) {
      return new Verdict.Reject(
          "the shadow's version "
              + next.getShadow().getVersion()
              + " must be greater than the primary's "
              + next.getVersion());
    }
    if (sameRecord(live, next)) {
      return new Verdict.Unchanged();
    }
    Map<Long, Definition> liveDefinitions = definitions(live);
    long newestLive = newestVersion(live);
    for (Map.Entry<Long, Definition> v : definitions(next).entrySet()) {
      Definition known = liveDefinitions.get(v.getKey());
      if (known != null && !known.equals(v.getValue())) {
        return new Verdict.Reject(
            "version "
                + v.getKey()
                + " is live with other settings ("
                + known
                + "); changed settings need a new version greater than "
                + newestLive);
      }
      if (known == null && v.getKey() <= newestLive) {
        return new Verdict.Reject(
            "version "
                + v.getKey()
                + " is not newer than the live version "
                + newestLive
                + "; versions only go forward (a rollback is a new version with the old settings)");
      }
    }
    return new Verdict.Accept();
  }

  /** Whether {@code a} and {@code b} run the same (who wrote them and when aside). */
  public static boolean sameRecord(RuleConfig a, RuleConfig b) {
    return a.getRuleId().equals(b.getRuleId())
        && a.getVersion() == b.getVersion()
        && a.getMode() == b.getMode()
        && definitions(a).equals(definitions(b));
  }

  /**
   * The records as a rules file: {@code rules:}, one block per rule with its common keys first and
   * its shadow written as the keys that differ from the primary (what {@link #fromBlock} reads
   * back).
   */
  public static String toYaml(List<RuleConfig> configs) {
    StringBuilder out = new StringBuilder("rules:\n");
    for (RuleConfig c : configs) {
      out.append("  ").append(c.getRuleId()).append(":\n");
      line(out, 4, VERSION, Long.toString(c.getVersion()));
      line(out, 4, MODE, c.getMode().name().toLowerCase(Locale.ROOT));
      if (c.getSeverity() != null) {
        line(out, 4, SEVERITY, c.getSeverity().name());
      }
      if (c.getCoolDownMillis() != null) {
        line(out, 4, COOL_DOWN, Durations.format(Duration.ofMillis(c.getCoolDownMillis())));
      }
      new TreeMap<>(c.getThresholds()).forEach((k, v) -> line(out, 4, k, v));
      RuleVersion s = c.getShadow();
      if (s != null) {
        out.append("    ").append(SHADOW).append(":\n");
        line(out, 6, VERSION, Long.toString(s.getVersion()));
        if (!Objects.equals(s.getSeverity(), c.getSeverity()) && s.getSeverity() != null) {
          line(out, 6, SEVERITY, s.getSeverity().name());
        }
        if (!Objects.equals(s.getCoolDownMillis(), c.getCoolDownMillis())
            && s.getCoolDownMillis() != null) {
          line(out, 6, COOL_DOWN, Durations.format(Duration.ofMillis(s.getCoolDownMillis())));
        }
        new TreeMap<>(s.getThresholds())
            .forEach(
                (k, v) -> {
                  if (!v.equals(c.getThresholds().get(k))) {
                    line(out, 6, k, v);
                  }
                });
      }
    }
    return out.toString();
  }

  /** A version's definition: what its number stands for. */
  private record Definition(String severity, Long coolDownMillis, Map<String, String> thresholds) {
    @Override
    public String toString() {
      return "severity "
          + (severity == null ? "default" : severity)
          + ", cool-down "
          + (coolDownMillis == null ? "default" : coolDownMillis + " ms")
          + ", "
          + thresholds;
    }
  }

  private static Map<Long, Definition> definitions(RuleConfig c) {
    Map<Long, Definition> out = new LinkedHashMap<>();
    out.put(
        c.getVersion(),
        new Definition(
            c.getSeverity() == null ? null : c.getSeverity().name(),
            c.getCoolDownMillis(),
            new TreeMap<>(c.getThresholds())));
    RuleVersion s = c.getShadow();
    if (s != null) {
      out.put(
          s.getVersion(),
          new Definition(
              s.getSeverity() == null ? null : s.getSeverity().name(),
              s.getCoolDownMillis(),
              new TreeMap<>(s.getThresholds())));
    }
    return out;
  }

  private static Map<String, String> values(
      Map<String, String> thresholds,
      long version,
      RuleMode mode,
      Severity severity,
      Long coolDownMillis) {
    Map<String, String> v = new TreeMap<>(thresholds);
    v.put(VERSION, Long.toString(version));
    v.put(MODE, mode.name().toLowerCase(Locale.ROOT));
    if (severity != null) {
      v.put(SEVERITY, severity.name());
    }
    if (coolDownMillis != null) {
      v.put(COOL_DOWN, coolDownMillis + "ms");
    }
    return v;
  }

  private static RuleMode mode(
      String source, RuleId rule, Thresholds t, Map<String, String> primary) {
    if (primary.containsKey(MODE) && primary.containsKey(ENABLED)) {
      throw new InvalidRulesException(
          "Fraud rules "
              + source
              + ": rule '"
              + rule
              + "', key 'enabled': expected either mode or its older spelling enabled, not both");
    }
    if (primary.containsKey(ENABLED)) {
      return t.bool(ENABLED, true) ? RuleMode.ACTIVE : RuleMode.OFF;
    }
    return t.enumValue(MODE, RuleMode.ACTIVE);
  }

  private static Long coolDown(Thresholds t, Map<String, String> block) {
    return block.containsKey(COOL_DOWN)
        ? t.durationOrZero(COOL_DOWN, Duration.ZERO).toMillis()
        : null;
  }

  private static Map<String, String> withoutCommonKeys(Map<String, String> block) {
    Map<String, String> out = new TreeMap<>(block);
    out.keySet().removeAll(COMMON);
    out.remove(SHADOW);
    return out;
  }

  /** A shadow block's keys as {@code shadow.<key>}, so errors name them so. */
  private static Map<String, String> prefixed(Map<String, String> shadow) {
    Map<String, String> out = new TreeMap<>();
    shadow.forEach((k, v) -> out.put(SHADOW + "." + k, v));
    return out;
  }

  private static void line(StringBuilder out, int indent, String key, String value) {
    out.append(" ".repeat(indent)).append(key).append(": ").append(yamlScalar(value)).append('\n');
  }

  private static String yamlScalar(String value) {
    if (PLAIN.matcher(value).matches()
        && !value.equalsIgnoreCase("null")
        && !value.equals("~")
        && !value.startsWith("-")) {
      return value;
    }
    return "'" + value.replace("'", "''") + "'";
  }
}

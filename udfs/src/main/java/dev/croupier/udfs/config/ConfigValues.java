package dev.croupier.udfs.config;

import dev.croupier.schemas.config.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flat {@code key=value} configuration with typed, validating getters. Values come, later winning,
 * from a job's bundled defaults, an optional properties file ({@code --config FILE}) and
 * command-line overrides ({@code --key=value} or {@code --key value}). A value of the form {@code
 * ${env:NAME}} is read from the environment, so secrets need not sit in files.
 *
 * <p>Every getter fails with a {@link ConfigException} naming the key and the expected form; values
 * of secret-looking keys (password, secret, jaas, token) are never echoed.
 *
 * <p>The getters remember which keys they were asked for, so once a job has parsed its whole
 * configuration, {@link #rejectUnknownKeys} refuses any key given that no getter asked for (a typo,
 * or a key of another job), naming the nearest known key. Keys under a pass-through prefix read
 * with {@link #withPrefix(String)} (such as {@code kafka.properties.}) stay open.
 */
public final class ConfigValues {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  private final Map<String, String> values;
  private final Function<String, String> env;
  private final Set<String> known = new TreeSet<>();
  private final Set<String> openPrefixes = new TreeSet<>();

  private ConfigValues(Map<String, String> values, Function<String, String> env) {
    this.values = values;
    this.env = env;
  }

  /** Values from a map (tests, programmatic use); the environment is the process environment. */
  public static ConfigValues of(Map<String, String> values) {
    return new ConfigValues(new TreeMap<>(values), System::getenv);
  }

  /** Same, with an explicit environment lookup (tests). */
  public static ConfigValues of(Map<String, String> values, Function<String, String> env) {
    return new ConfigValues(new TreeMap<>(values), env);
  }

  /**
   * Loads bundled defaults (a classpath resource, may be null), then {@code --config FILE} if
   * given, then the other {@code --key=value} arguments.
   */
  public static ConfigValues load(String defaultsResource, String[] args) {
    Map<String, String> merged = new TreeMap<>();
    if (defaultsResource != null) {
      try (InputStream in =
          ConfigValues.class.getClassLoader().getResourceAsStream(defaultsResource)) {
        if (in == null) {
          throw new ConfigException(
              "Bundled defaults '" + defaultsResource + "' are missing from the jar");
        }
        merged.putAll(read(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new ConfigException("Could not read bundled defaults '" + defaultsResource + "'", e);
      }
    }
    Map<String, String> cli = parseArgs(args);
    String file = cli.remove("config");
    if (file != null) {
      Path path = Path.of(file);
      if (!Files.isReadable(path)) {
        throw new ConfigException(
            "Config key 'config': expected a readable properties file, got '" + file + "'");
      }
      try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        merged.putAll(read(r));
      } catch (IOException e) {
        throw new ConfigException(
            "Config key 'config': could not read '" + file + "': " + e.getMessage(), e);
      }
    }
    merged.putAll(cli);
    return new ConfigValues(merged, System::getenv);
  }

  static Map<String, String> parseArgs(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() == 2) {
        throw new ConfigException("Argument '" + a + "': expected --key=value or --key value");
      }
      String body = a.substring(2);
      int eq = body.indexOf('=');
      if (eq > 0) {
        out.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        out.put(body, args[++i]);
      } else {
        throw new ConfigException(
            "Argument '--" + body + "': expected a value (--" + body + "=value)");
      }
    }
    return out;
  }

  private static Map<String, String> read(Reader r) throws IOException {
    Properties p = new Properties();
    p.load(r);
    Map<String, String> out = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      out.put(k, p.getProperty(k).trim());
    }
    return out;
  }

  /** A copy with {@code overrides} applied on top. */
  public ConfigValues with(Map<String, String> overrides) {
    Map<String, String> m = new TreeMap<>(values);
    m.putAll(overrides);
    return new ConfigValues(m, env);
  }

  public boolean has(String key) {
    known.add(key);
    String v = values.get(key);
    return v != null && !v.isBlank();
  }

  /** The raw value with env references resolved, or null when absent or blank. */
  public String raw(String key) {
    known.add(key);
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return null;
    }
    Matcher m = ENV_REF.matcher(v);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String resolved = env.apply(m.group(1));
      if (resolved == null) {
        throw new ConfigException(
            "Config key '"
                + key
                + "': refers to environment variable "
                + m.group(1)
                + ", which is not set");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(resolved));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  public String string(String key, String defaultValue) {
    String v = raw(key);
    return v == null ? defaultValue : v;
  }

  public String requiredString(String key, String expected) {
    String v = raw(key);
    if (v == null) {
      throw new ConfigException("Config key '" + key + "' is required: expected " + expected);
    }
    return v;
  }

  public int intBetween(String key, int defaultValue, int min, int max) {
    return (int) longBetween(key, defaultValue, min, max);
  }

  public long longBetween(String key, long defaultValue, long min, long max) {
    String v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      long n = Long.parseLong(v.replace("_", ""));
      if (n < min || n > max) {
        throw invalid(key, v, "an integer between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(key, v, "an integer between " + min + " and " + max);
    }
  }

  public boolean bool(String key, boolean defaultValue) {
    String v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw invalid(key, v, "true or false");
    };
  }

  /**
   * A duration that is not negative, in the form of {@link Durations}: {@code 500ms}, {@code 10s},
   * {@code 5m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT1H}).
   */
  public Duration duration(String key, Duration defaultValue) {
    String v = raw(key);
    return v == null ? defaultValue : parseDuration(key, v);
  }

  /** A comma-separated list of durations, e.g. {@code 1h,1d}. */
  public List<Duration> durations(String key, List<Duration> defaultValue) {
    String v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    List<Duration> out = new ArrayList<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        out.add(parseDuration(key, part.trim()));
      }
    }
    if (out.isEmpty()) {
      throw invalid(key, v, "a comma-separated list of durations such as 1h,1d");
    }
    return Collections.unmodifiableList(out);
  }

  public <E extends Enum<E>> E enumValue(String key, E defaultValue) {
    String v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    Class<E> type = defaultValue.getDeclaringClass();
    try {
      return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      throw invalid(key, v, "one of " + names);
    }
  }

  /**
   * Every key under {@code prefix} (prefix stripped), env references resolved: pass-through
   * settings.
   */
  public Map<String, String> withPrefix(String prefix) {
    openPrefixes.add(prefix);
    Map<String, String> out = new TreeMap<>();
    for (String k : values.keySet()) {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        String v = raw(k);
        if (v != null) {
          out.put(k.substring(prefix.length()), v);
        }
      }
    }
    return out;
  }

  /**
   * Every key under {@code prefix} (prefix stripped), env references resolved, where each must be
   * one of {@code knownSubKeys} (e.g. {@code bet-velocity.min-bets} under {@code fraud.rule.}): any
   * other fails at once, naming the nearest known key.
   */
  public Map<String, String> withPrefix(String prefix, Collection<String> knownSubKeys) {
    for (String sub : knownSubKeys) {
      known.add(prefix + sub);
    }
    Map<String, String> out = new TreeMap<>();
    for (String k : values.keySet()) {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        String sub = k.substring(prefix.length());
        if (!knownSubKeys.contains(sub)) {
          throw unknownKey(k, "");
        }
        String v = raw(k);
        if (v != null) {
          out.put(sub, v);
        }
      }
    }
    return out;
  }

  /**
   * Fails naming the first key given that no getter asked for and that is not under a pass-through
   * prefix, with the nearest known key; {@code owner} names who parsed the keys in the message
   * (e.g. {@code the fraud job}). Call once, after parsing every key.
   */
  public void rejectUnknownKeys(String owner) {
    for (String key : values.keySet()) {
      if (!known.contains(key) && openPrefixes.stream().noneMatch(key::startsWith)) {
        throw unknownKey(key, " of " + owner);
      }
    }
  }

  /** The keys asked for so far, sorted. */
  public Set<String> knownKeys() {
    return Collections.unmodifiableSet(known);
  }

  private ConfigException unknownKey(String key, String ofOwner) {
    String nearest = KeySuggestions.nearest(key, known);
    StringBuilder m = new StringBuilder("Config key '").append(key).append("' is not a key");
    m.append(ofOwner);
    String section = key.contains(".") ? key.substring(0, key.indexOf('.') + 1) : key;
    if (!KeySuggestions.isTypoOf(key, nearest)
        && known.stream().noneMatch(k -> k.startsWith(section))) {
      m.append(": no key").append(ofOwner).append(" starts with '").append(section);
      m.append("', so it may belong to another job");
      if (nearest != null) {
        m.append("; the nearest known key is '").append(nearest).append('\'');
      }
      m.append('.');
    } else if (nearest != null) {
      m.append(": did you mean '").append(nearest).append("'?");
    }
    if (!openPrefixes.isEmpty()) {
      m.append(" Pass-through prefixes: ");
      m.append(String.join(", ", openPrefixes.stream().map(p -> p + "*").toList())).append('.');
    }
    return new ConfigException(m.toString());
  }

  private Duration parseDuration(String key, String v) {
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw invalid(key, v, Durations.FORM);
    }
  }

  /** A ConfigException naming the key, the expected form and the value unless the key is secret. */
  public static ConfigException invalid(String key, String value, String expected) {
    String shown = isSecret(key) ? "<redacted>" : "'" + value + "'";
    return new ConfigException("Config key '" + key + "': expected " + expected + ", got " + shown);
  }

  /** Keys whose values must never appear in logs or messages. */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("jaas")
        || k.contains("token")
        || k.contains("credentials")
        || k.endsWith(".key");
  }
}

package dev.croupier.schemas.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way Croupier reads a duration, wherever it is written: job properties, the rules file,
 * the simulator's and the local platform's command lines. A whole number and a unit ({@code 500ms},
 * {@code 90s}, {@code 15m} or {@code 15min}, {@code 2h}, {@code 1d}), or ISO-8601 ({@code
 * PT1H30M}); never negative.
 */
public final class Durations {
  /** The accepted forms, for error messages: "expected " + FORM. */
  public static final String FORM = "a duration such as 90s, 15m, 2h, 7d, 500ms or PT1H30M";

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)");

  private Durations() {}

  /**
   * The shortest whole-unit form of {@code d} that {@link #parse} reads back exactly: {@code 1d},
   * {@code 90m}, {@code 10s}, {@code 250ms}, {@code 0}.
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    return ms + "ms";
  }

  /**
   * Parses {@code text}; throws IllegalArgumentException saying "expected {@link #FORM}, got
   * '<text>'" for anything else, or for a negative ISO duration.
   */
  public static Duration parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.equals("0")) {
      return Duration.ZERO; // "cool-down: 0": off, without a unit
    }
    Duration d;
    try {
      Matcher m = SHORT.matcher(s.toLowerCase(Locale.ROOT));
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m", "min" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
      } else {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("expected " + FORM + ", got '" + text + "'", e);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException(
          "expected a duration that is not negative, got '" + text + "'");
    }
    return d;
  }
}

package dev.croupier.simulator.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters whose errors say what form is expected (picocli names the option). */
final class Converters {
  private Converters() {}

  /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d} or ISO-8601 such as {@code PT1H30M}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
      Matcher m = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
      try {
        if (m.matches()) {
          long n = Long.parseLong(m.group(1));
          return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
        }
        return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
        throw new TypeConversionException(
            "expected a duration such as 90s, 15m, 2h, 1d or PT1H30M but was '" + value + "'");
      }
    }
  }

  /** An ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}. */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "expected an ISO-8601 instant such as 2026-01-01T00:00:00Z but was '" + value + "'");
      }
    }
  }
}

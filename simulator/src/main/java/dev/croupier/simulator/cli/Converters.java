package dev.croupier.simulator.cli;

import dev.croupier.schemas.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters whose errors say what form is expected (picocli names the option). */
final class Converters {
  private Converters() {}

  /** A duration in the one form of {@link Durations}: {@code 90s}, {@code 15m}, {@code PT1H30M}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
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

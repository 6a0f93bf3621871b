package dev.croupier.platform;

import dev.croupier.schemas.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a positive duration in the one form of {@link Durations}, such as 90s, 10m, 2h or 1d. */
final class DurationOption implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      Duration d = Durations.parse(value);
      if (!d.isZero()) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // the message below says what is expected
    }
    throw new TypeConversionException(
        "expected a positive duration such as 90s, 10m, 2h or 1d but was '" + value + "'");
  }
}

package dev.croupier.udfs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast updatedAt formatting against its oracle, Instant.toString(). */
class IsoInstantTest {

  private static void assertSameAsToString(Instant t) {
    assertThat(new String(IsoInstant.bytes(t), StandardCharsets.US_ASCII))
        .as("epoch second %d nano %d", t.getEpochSecond(), t.getNano())
        .isEqualTo(t.toString());
  }

  @Test
  void shouldFormatEveryInstantExactlyAsInstantToString() {
    for (String edge :
        new String[] {
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59.999Z",
          "0000-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999Z",
          "2024-02-29T12:00:00.001Z",
          "2026-03-01T10:00:00.250Z",
          "2026-03-01T10:00:00.100Z",
          "-0001-12-31T23:59:59Z",
          "+10000-01-01T00:00:00Z",
          "2026-03-01T10:00:00.000000001Z",
          "2026-03-01T10:00:00.123456Z"
        }) {
      assertSameAsToString(Instant.parse(edge));
    }
    Random random = new Random(12);
    long from = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    long to = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    for (int i = 0; i < 200_000; i++) {
      long ms = from + (long) (random.nextDouble() * (to - from));
      assertSameAsToString(Instant.ofEpochMilli(i % 4 == 0 ? ms - ms % 1000 : ms));
    }
  }
}

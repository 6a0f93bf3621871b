package dev.croupier.udfs.balance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} as ASCII bytes, byte for byte, without {@code DateTimeFormatter}: the
 * balance hash's {@code updatedAt} is formatted once per Redis write, and the formatter was half of
 * the client-side cost of building a write. Instants of years 0000–9999 at whole milliseconds (all
 * the job has: {@code updatedAt} is timestamp-millis) take the fast path; any other falls back to
 * {@code toString()}.
 */
final class IsoInstant {
  private static final long MIN_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  private IsoInstant() {}

  static byte[] bytes(Instant t) {
    long second = t.getEpochSecond();
    int nano = t.getNano();
    if (nano % 1_000_000 != 0 || second < MIN_SECOND || second > MAX_SECOND) {
      return t.toString().getBytes(StandardCharsets.US_ASCII);
    }
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(second, 86_400L));
    int ofDay = (int) Math.floorMod(second, 86_400L);
    int millis = nano / 1_000_000;
    // yyyy-MM-ddTHH:mm:ss then .SSS only when the millis are not 0, as ISO_INSTANT prints them
    byte[] b = new byte[millis == 0 ? 20 : 24];
    digits(b, 0, day.getYear(), 4);
    b[4] = '-';
    digits(b, 5, day.getMonthValue(), 2);
    b[7] = '-';
    digits(b, 8, day.getDayOfMonth(), 2);
    b[10] = 'T';
    digits(b, 11, ofDay / 3600, 2);
    b[13] = ':';
    digits(b, 14, ofDay / 60 % 60, 2);
    b[16] = ':';
    digits(b, 17, ofDay % 60, 2);
    if (millis != 0) {
      b[19] = '.';
      digits(b, 20, millis, 3);
    }
    b[b.length - 1] = 'Z';
    return b;
  }

  private static void digits(byte[] b, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      b[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}

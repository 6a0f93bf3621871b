package dev.croupier.drills.drill;

import java.time.Duration;
import java.util.Locale;

/** Durations as the table prints them. */
public final class Durations {
  private Durations() {}

  public static String seconds(Duration d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  public static String minutes(Duration d) {
    long s = d.toSeconds();
    return s < 60 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
  }
}

package dev.croupier.simulator.population;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The currencies players hold, with their share of the population (per mille) and where their
 * holders live. {@code scale} multiplies amounts so a krona player stakes about what a euro player
 * does; rule thresholds are compared in minor units, which the generator's guards respect.
 */
public enum Currency {
  EUR(
      780,
      1,
      List.of("DE", "DE", "DE", "FR", "FR", "ES", "IT", "NL", "AT", "FI", "IE", "PT", "BE", "MT")),
  GBP(80, 1, List.of("GB")),
  USD(50, 1, List.of("US")),
  CHF(20, 1, List.of("CH")),
  SEK(40, 10, List.of("SE")),
  NOK(20, 10, List.of("NO")),
  CAD(10, 1, List.of("CA"));

  private final int perMille;
  private final int scale;
  private final List<String> countries;

  Currency(int perMille, int scale, List<String> countries) {
    this.perMille = perMille;
    this.scale = scale;
    this.countries = countries;
  }

  public int scale() {
    return scale;
  }

  /** A country of a holder of this currency, weighted by population. */
  public String country(SplittableRandom rng) {
    return countries.get(rng.nextInt(countries.size()));
  }

  /** A currency drawn with the population's shares. */
  public static Currency draw(SplittableRandom rng) {
    int r = rng.nextInt(1000);
    for (Currency c : values()) {
      r -= c.perMille;
      if (r < 0) {
        return c;
      }
    }
    return EUR;
  }
}

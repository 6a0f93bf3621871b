package dev.croupier.simulator.game;

import java.util.SplittableRandom;

/**
 * A game's outcome distribution: payout multipliers in hundredths of the stake (0 a loss, 100 the
 * stake back, above a win) with weights in parts per 100,000. Its return to player is the weighted
 * mean multiplier; its volatility the spread of multipliers.
 */
public final class PayoutTable {
  private static final int TOTAL = 100_000;
  private final int[] multipliers;
  private final int[] cumulative;

  /** Pairs of {multiplier in hundredths, weight}; the weights must add up to 100,000. */
  public PayoutTable(int[][] outcomes) {
    multipliers = new int[outcomes.length];
    cumulative = new int[outcomes.length];
    int sum = 0;
    for (int i = 0; i < outcomes.length; i++) {
      if (outcomes[i][0] < 0 || (outcomes[i][0] > 0 && outcomes[i][0] < 100)) {
        throw new IllegalArgumentException("a multiplier is 0 or at least 100 hundredths");
      }
      multipliers[i] = outcomes[i][0];
      sum += outcomes[i][1];
      cumulative[i] = sum;
    }
    if (sum != TOTAL) {
      throw new IllegalArgumentException("weights add up to " + sum + ", expected " + TOTAL);
    }
  }

  /** A multiplier in hundredths of the stake. */
  public int draw(SplittableRandom rng) {
    int r = rng.nextInt(TOTAL);
    for (int i = 0; i < cumulative.length; i++) {
      if (r < cumulative[i]) {
        return multipliers[i];
      }
    }
    return multipliers[multipliers.length - 1];
  }

  /** The expected return to player, e.g. 0.965. */
  public double rtp() {
    double rtp = 0;
    int previous = 0;
    for (int i = 0; i < multipliers.length; i++) {
      rtp += (cumulative[i] - previous) / (double) TOTAL * multipliers[i] / 100.0;
      previous = cumulative[i];
    }
    return rtp;
  }

  /** The largest multiplier, in hundredths. */
  public int maxMultiplier() {
    int max = 0;
    for (int m : multipliers) {
      max = Math.max(max, m);
    }
    return max;
  }
}

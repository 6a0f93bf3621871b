package dev.croupier.udfs.fraud;

import java.util.Arrays;

/**
 * A player's recent stakes on a log scale: a ring of the last stakes as {@code round(256 ×
 * log2(stake))} (1/256 of an octave, ≈ 0.27 %), so 50 bets cost 100 bytes, and when the player last
 * bet. Robust statistics of a player's habit are taken over it; money itself stays in {@code long}
 * minor units elsewhere. A Flink POJO.
 */
public class StakeHistory {
  /** Units of {@link #logStakes} per octave (a doubling of the stake). */
  public static final int PER_OCTAVE = 256;

  /** The ring; {@link #next} is where the next stake goes. */
  public short[] logStakes = new short[0];

  public int count;
  public int next;
  public long lastAt;

  public StakeHistory() {}

  /** {@code round(256 × log2(stake))} of a stake of at least 1. */
  public static short quantize(long stake) {
    return (short) Math.round(PER_OCTAVE * (Math.log((double) stake) / Math.log(2)));
  }

  /** Adds a stake's log value, keeping at most {@code capacity} (the newest). */
  public void add(short logStake, int capacity, long at) {
    if (capacity != logStakes.length) {
      resize(capacity);
    }
    logStakes[next] = logStake;
    next = (next + 1) % capacity;
    count = Math.min(count + 1, capacity);
    lastAt = at;
  }

  /** The newest {@code n} values (at most {@link #count}), in no particular order. */
  public short[] newest(int n) {
    int k = Math.min(n, count);
    short[] out = new short[k];
    int cap = logStakes.length;
    for (int i = 0; i < k; i++) {
      out[i] = logStakes[Math.floorMod(next - 1 - i, cap)];
    }
    return out;
  }

  /**
   * The largest of the newest {@code n} values ({@link Short#MIN_VALUE} if none), without copying
   * them: the cheap bound a stake is checked against before the median and spread are worth taking.
   */
  public int largestOfNewest(int n) {
    int k = Math.min(n, count);
    int cap = logStakes.length;
    int largest = Short.MIN_VALUE;
    for (int i = 0; i < k; i++) {
      largest = Math.max(largest, logStakes[Math.floorMod(next - 1 - i, cap)]);
    }
    return largest;
  }

  private void resize(int capacity) {
    short[] keep = newest(capacity);
    short[] ring = new short[capacity];
    // newest() lists newest first; the ring holds them oldest first, next after the newest
    for (int i = 0; i < keep.length; i++) {
      ring[keep.length - 1 - i] = keep[i];
    }
    logStakes = ring;
    count = keep.length;
    next = keep.length % capacity;
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  public static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}

package dev.croupier.udfs.leaderboard;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The tumbling window sizes of the boards, aligned to the Unix epoch in UTC (1-day windows are UTC
 * days), each with its label in Redis keys: the largest unit that divides the size, e.g. {@code
 * 1h}, {@code 1d}, {@code 90m}, {@code 30s}.
 */
public final class LeaderboardWindows implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long[] UNIT_MS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
  private static final String[] UNIT = {"d", "h", "m", "s"};

  private final long[] sizes;

  private LeaderboardWindows(long[] sizes) {
    this.sizes = sizes;
  }

  /**
   * The windows of {@code sizes}: each a whole number of seconds, none repeated; otherwise an
   * IllegalArgumentException saying why.
   */
  public static LeaderboardWindows of(List<Duration> sizes) {
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("at least one window size is needed");
    }
    long[] ms = new long[sizes.size()];
    for (int i = 0; i < ms.length; i++) {
      Duration d = sizes.get(i);
      if (d.isZero() || d.isNegative() || d.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException("window size " + d + " is not a positive whole number of seconds");
      }
      ms[i] = d.toMillis();
    }
    if (Arrays.stream(ms).distinct().count() != ms.length) {
      throw new IllegalArgumentException("window sizes repeat");
    }
    return new LeaderboardWindows(ms);
  }

  public int count() {
    return sizes.length;
  }

  /** The size of window {@code i} in ms. */
  public long size(int i) {
    return sizes[i];
  }

  /** The smallest window size in ms. */
  public long smallest() {
    return Arrays.stream(sizes).min().orElseThrow();
  }

  /** The start of the window of size {@code size} that holds {@code timestamp}. */
  public static long startOf(long timestamp, long size) {
    return timestamp - Math.floorMod(timestamp, size);
  }

  /** The key label of a window size: {@code 1d}, {@code 1h}, {@code 15m}, {@code 30s}. */
  public static String label(long sizeMs) {
    for (int i = 0; i < UNIT_MS.length; i++) {
      if (sizeMs % UNIT_MS[i] == 0) {
        return sizeMs / UNIT_MS[i] + UNIT[i];
      }
    }
    return sizeMs + "ms";
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (long s : sizes) {
      sb.append(sb.isEmpty() ? "" : ",").append(label(s));
    }
    return sb.toString();
  }
}

package dev.croupier.udfs.leaderboard;

/**
 * The sorted-set score of a player on a board: the metric in major units (cents / 100) plus a
 * tie-break below the cent, so a plain {@code ZREVRANGE} ranks equal amounts by who achieved them
 * first. The tie-break lies in [0.001, 0.009] of a major unit and grows the earlier in the window
 * the score was achieved:
 *
 * <pre>
 *   score = cents / 100 + 0.001 + 0.008 × (windowEnd − achievedAt) / windowSize
 *   cents = floor(score × 100)            (what a dashboard shows: floor, never round)
 * </pre>
 *
 * The tie-break keeps a 0.1-cent margin on both sides, so the cents decode exactly for any amount
 * below 10^13 major units. Two equal amounts are ordered to the millisecond while a double can tell
 * the tie-breaks apart (scores up to about 500,000 major units on 1-day boards, 10^7 on 1-hour
 * boards); beyond that, or at the same millisecond, Redis orders them by userId (ZREVRANGE: the
 * greater userId first). The encoding is a pure function, so replays write identical scores.
 */
public final class LeaderboardScore {
  static final double TIE_FLOOR = 0.001;
  static final double TIE_SPAN = 0.008;

  private LeaderboardScore() {}

  /** The score of {@code cents} achieved at {@code achievedAt} in the window starting at {@code windowStart}. */
  public static double encode(long cents, long achievedAt, long windowStart, long windowSize) {
    double earliness = (double) (windowStart + windowSize - achievedAt) / windowSize;
    return cents / 100.0 + TIE_FLOOR + TIE_SPAN * earliness;
  }

  /** The amount in minor units that {@code score} carries. */
  public static long cents(double score) {
    return (long) Math.floor(score * 100);
  }
}

package dev.croupier.udfs.leaderboard;

/**
 * A player's score on one {@link BoardCell}: the value in minor units, when it was achieved (event
 * time, for tie-breaking) and whether it changed since it was last emitted. Both aggregations are
 * independent of arrival order, so a replay or a reordering ends in the same score.
 */
public final class CellScore {
  public long cents;
  /** Sums: the latest event time that changed the sum. Maxima: the earliest time of the maximum. */
  public long achievedAt;
  /** Changed since the last emitted update. */
  public boolean dirty;

  public CellScore() {}

  static CellScore first(long cents, long at) {
    CellScore s = new CellScore();
    s.cents = cents;
    s.achievedAt = at;
    s.dirty = true;
    return s;
  }

  /** Adds {@code amount} (saturating: a corrupt huge stake must not wrap a sum around). */
  void add(long amount, long at) {
    long sum = cents + amount;
    if (((cents ^ sum) & (amount ^ sum)) < 0) {
      sum = amount > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    cents = sum;
    achievedAt = Math.max(achievedAt, at);
    dirty = true;
  }

  /** Keeps the larger amount, and for equal amounts the earlier time; true when it changed. */
  boolean offerMax(long amount, long at) {
    if (amount > cents || (amount == cents && at < achievedAt)) {
      cents = amount;
      achievedAt = at;
      dirty = true;
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return cents + "@" + achievedAt + (dirty ? "*" : "");
  }
}

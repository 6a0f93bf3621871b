package dev.croupier.udfs.leaderboard;

/**
 * The leaderboard metrics (docs/leaderboard.md). Sums ({@code wagered}, {@code net_win}) add every
 * event that changes them; {@code biggest_win} keeps the largest single win. A metric is monotonic
 * when a score, tie-break included, can only grow as events arrive in any order: Redis may then
 * refuse to move it backwards ({@code ZADD GT}).
 */
public enum Metric {
  /** Sum of stakes of placed bets. */
  WAGERED("wagered", true),
  /** Sum of payout − stake over settled bets; may be negative. */
  NET_WIN("net_win", false),
  /** Largest single payout − stake over settled bets; only positive wins count. */
  BIGGEST_WIN("biggest_win", true);

  private final String key;
  private final boolean monotonic;

  Metric(String key, boolean monotonic) {
    this.key = key;
    this.monotonic = monotonic;
  }

  /** The name in Redis keys, e.g. {@code net_win}. */
  public String key() {
    return key;
  }

  /**
   * True when no replay or reordering can lower a score (so writes may use ZADD GT); the others are
   * written over a lower version only ({@link LeaderboardRedisWrites}).
   */
  public boolean monotonic() {
    return monotonic;
  }
}

package dev.croupier.udfs.leaderboard;

/**
 * A player's absolute score on one board, emitted live while the window is open (coalesced) and
 * once more when it closes if it changed since. {@link LeaderboardRedisWrites} turns it into a
 * ZADD.
 */
public final class BoardUpdate {
  public BoardCell cell;
  public String userId;
  public long cents;
  public long achievedAt;

  /**
   * How many events changed the score so far ({@link PlayerCells#version}): grows with every update
   * of one (board, player) the job emits, and a replay emits the same versions again. {@code
   * net_win} is written only over a lower stored version ({@link LeaderboardRedisWrites}).
   */
  public long version;

  /** True when the window has closed: this is the player's final score on the board. */
  public boolean finalScore;

  public BoardUpdate() {}

  public BoardUpdate(
      BoardCell cell, String userId, long cents, long achievedAt, boolean finalScore) {
    this(cell, userId, cents, achievedAt, 0, finalScore);
  }

  public BoardUpdate(
      BoardCell cell,
      String userId,
      long cents,
      long achievedAt,
      long version,
      boolean finalScore) {
    this.cell = cell;
    this.userId = userId;
    this.cents = cents;
    this.achievedAt = achievedAt;
    this.version = version;
    this.finalScore = finalScore;
  }

  /** The sorted-set score: see {@link LeaderboardScore}. */
  public double score() {
    return LeaderboardScore.encode(cents, achievedAt, cell.windowStart, cell.windowSize);
  }

  @Override
  public String toString() {
    return cell
        + " "
        + userId
        + "="
        + cents
        + "@"
        + achievedAt
        + " v"
        + version
        + (finalScore ? " final" : "");
  }
}

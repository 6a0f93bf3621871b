package dev.croupier.udfs.leaderboard;

import java.util.Objects;

/**
 * One board in one window, as seen from one player's keyed state: metric, scope (a game, or null
 * for {@code global}), window size and window start (epoch ms). A Flink POJO, used as a state map
 * key and carried in {@link BoardUpdate}; never mutate one after it was put in state.
 */
public final class BoardCell {
  public Metric metric;
  /** The game of a {@code game:<gameId>} board; null for the {@code global} board. */
  public String gameId;
  public long windowSize;
  public long windowStart;

  public BoardCell() {}

  public BoardCell(Metric metric, String gameId, long windowSize, long windowStart) {
    this.metric = metric;
    this.gameId = gameId;
    this.windowSize = windowSize;
    this.windowStart = windowStart;
  }

  /** The scope segment of the Redis key: {@code global} or {@code game:<gameId>}. */
  public String scope() {
    return gameId == null ? "global" : "game:" + gameId;
  }

  /** Exclusive end of the window. */
  public long windowEnd() {
    return windowStart + windowSize;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BoardCell c
        && metric == c.metric
        && windowSize == c.windowSize
        && windowStart == c.windowStart
        && Objects.equals(gameId, c.gameId);
  }

  @Override
  public int hashCode() {
    int h = metric.hashCode();
    h = 31 * h + (gameId == null ? 0 : gameId.hashCode());
    h = 31 * h + Long.hashCode(windowSize);
    return 31 * h + Long.hashCode(windowStart);
  }

  @Override
  public String toString() {
    return metric.key() + ":" + scope() + ":" + windowSize + "ms@" + windowStart;
  }
}

package dev.croupier.udfs.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * One player's scores on every (board, window) it scored on: the keyed state of {@link
 * LeaderboardFunction}, a map from {@link BoardCell} to {@link CellScore}. Every value read is put
 * back after a change, so it behaves the same on the heap and on RocksDB.
 */
final class PlayerBoards {
  private final MapState<BoardCell, CellScore> cells;
  private final long allowedLateness;

  PlayerBoards(MapState<BoardCell, CellScore> cells, long allowedLateness) {
    this.cells = cells;
    this.allowedLateness = allowedLateness;
  }

  /**
   * When the window starting at {@code start} closes: its last millisecond plus the allowed
   * lateness.
   */
  long closeOf(long start, long size) {
    return start + size - 1 + allowedLateness;
  }

  /**
   * Applies {@code amount} of {@code metric} to the game and the global board of one window; true
   * if either changed.
   */
  boolean apply(Metric metric, String gameId, long size, long start, long amount, long at)
      throws Exception {
    boolean changed = update(new BoardCell(metric, gameId, size, start), amount, at);
    return update(new BoardCell(metric, null, size, start), amount, at) | changed;
  }

  private boolean update(BoardCell cell, long amount, long at) throws Exception {
    CellScore score = cells.get(cell);
    if (score == null) {
      score = CellScore.first(amount, at);
    } else if (cell.metric == Metric.BIGGEST_WIN) {
      if (!score.offerMax(amount, at)) {
        return false;
      }
    } else {
      score.add(amount, at);
    }
    cells.put(cell, score);
    return true;
  }

  /** Emits every score changed since the last emission as a live update; returns how many. */
  int emitChanged(String userId, Collector<BoardUpdate> out) throws Exception {
    int emitted = 0;
    for (Map.Entry<BoardCell, CellScore> e : cells.entries()) {
      CellScore s = e.getValue();
      if (s.dirty) {
        s.dirty = false;
        e.setValue(s);
        out.collect(new BoardUpdate(e.getKey(), userId, s.cents, s.achievedAt, false));
        emitted++;
      }
    }
    return emitted;
  }

  /**
   * Emits the changed scores of every window closed by {@code now} (its close time under the
   * current allowed lateness at or before it) as final and drops those windows; re-arms a timer at
   * the close of every window still open, so cells restored under another allowed lateness still
   * close. Returns how many scores were emitted.
   */
  int closeDue(long now, String userId, Collector<BoardUpdate> out, TimerService timers)
      throws Exception {
    List<BoardCell> closed = new ArrayList<>();
    int emitted = 0;
    for (Map.Entry<BoardCell, CellScore> e : cells.entries()) {
      BoardCell cell = e.getKey();
      long close = closeOf(cell.windowStart, cell.windowSize);
      if (close <= now) {
        closed.add(cell);
        CellScore s = e.getValue();
        if (s.dirty) {
          out.collect(new BoardUpdate(cell, userId, s.cents, s.achievedAt, true));
          emitted++;
        }
      } else {
        timers.registerEventTimeTimer(close); // a no-op when that timer is already there
      }
    }
    for (BoardCell cell : closed) {
      cells.remove(cell);
    }
    return emitted;
  }

  boolean isEmpty() throws Exception {
    return cells.isEmpty();
  }
}

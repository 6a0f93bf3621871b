package dev.croupier.udfs.leaderboard;

import java.util.Arrays;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * One player's scores on every (board, window) it scored on, and its pending live flush: the keyed
 * state of {@link LeaderboardFunction}, one value per player. A Flink POJO of parallel arrays (cell
 * {@code i} is {@code metric[i]}, {@code gameId[i]}, …), so one state read and one write serve a
 * whole event, however many boards it touches, and a player's cells serialize as a few arrays (with
 * a serializer of its own, {@link PlayerCellsTypeInfo}; earlier versions kept it as a POJO).
 *
 * <p>Why not a map from {@link BoardCell} to {@link CellScore}, as before: an event touches 4 to 8
 * cells, and as map entries that is 4 to 8 state look-ups and as many writes, each hashing the
 * player and the cell (a string-keyed {@code HashMap} inside the heap backend's own map). A player
 * has a few dozen cells at most (3 metrics × 2 scopes per game played × the windows), so a linear
 * scan of these arrays is cheaper than one hash look-up.
 *
 * <p>Cells are looked up by (metric, gameId, window size, window start); {@code gameId[i]} is null
 * for the {@code global} board. Arrays may be longer than {@link #count}: slots beyond it are
 * unused. Never keep a reference to a value read from state after writing it back.
 */
public final class PlayerCells {
  /** {@link #flushAt} when no live flush is pending. */
  public static final long NO_FLUSH = Long.MIN_VALUE;

  private static final Metric[] METRICS = Metric.values();

  /** {@link #apply} changed a score. */
  static final int CHANGED = 1;

  /** {@link #apply} created a cell: its window's close needs a timer. */
  static final int CREATED = 2;

  /** Cells in use: slots [0, count) of every array. */
  public int count;

  /** {@link Metric#ordinal()} of each cell. */
  public byte[] metric = new byte[0];

  /** The game of a {@code game:<gameId>} board; null for the {@code global} board. */
  public String[] gameId = new String[0];

  public long[] windowSize = new long[0];
  public long[] windowStart = new long[0];

  /** The score in minor units. */
  public long[] cents = new long[0];

  /** Sums: the latest event time that changed the sum. Maxima: the earliest time of the maximum. */
  public long[] achievedAt = new long[0];

  /** Changed since the last emitted update. */
  public boolean[] dirty = new boolean[0];

  /**
   * How many events changed the cell: the version {@link LeaderboardRedisWrites} guards the {@code
   * net_win} write with (a replay re-counts the same events, so it re-sends the same versions and
   * Redis keeps the newer score it already has). 0 for a cell restored from a savepoint taken
   * before this field existed (then shorter than the other arrays: see {@link #restoreVersions}).
   */
  public long[] version = new long[0];

  /** Processing time of the pending live flush timer, or {@link #NO_FLUSH}. */
  public long flushAt = NO_FLUSH;

  public PlayerCells() {}

  boolean isEmpty() {
    return count == 0;
  }

  /**
   * Set once this object's {@link #version} is known to match the other arrays. Transient, so not
   * state: a value the serializer makes (a restore; every read on RocksDB) is checked again, while
   * a heap value is checked once (the check touching the version array on every read was 5 % of
   * LeaderboardBench).
   */
  private transient boolean versionsChecked;

  /**
   * Pads {@link #version} with 0 to the length of the other arrays when it is shorter: a value
   * restored from a savepoint of the layout without versions (Flink's POJO serializer leaves an
   * added field as the constructor made it). Call on every value read from state.
   */
  void restoreVersions() {
    if (versionsChecked) {
      return;
    }
    if (version == null || version.length < metric.length) {
      version = version == null ? new long[metric.length] : Arrays.copyOf(version, metric.length);
    }
    versionsChecked = true;
  }

  /**
   * Applies {@code amount} of {@code metric} at {@code at} to the cell of (gameId, window),
   * creating it if it is new: sums add (saturating), {@code biggest_win} keeps the larger amount
   * and for equal amounts the earlier time. Returns {@link #CHANGED} and {@link #CREATED} bits.
   */
  int apply(Metric metric, String game, long size, long start, long amount, long at) {
    int i = indexOf(metric, game, size, start);
    if (i < 0) {
      add(metric, game, size, start, amount, at);
      return CHANGED | CREATED;
    }
    if (metric == Metric.BIGGEST_WIN) {
      if (amount > cents[i] || (amount == cents[i] && at < achievedAt[i])) {
        cents[i] = amount;
        achievedAt[i] = at;
        dirty[i] = true;
        version[i]++;
        return CHANGED;
      }
      return 0;
    }
    long sum = cents[i] + amount;
    if (((cents[i] ^ sum) & (amount ^ sum)) < 0) {
      sum = amount > 0 ? Long.MAX_VALUE : Long.MIN_VALUE; // a corrupt huge stake must not wrap
    }
    cents[i] = sum;
    achievedAt[i] = Math.max(achievedAt[i], at);
    dirty[i] = true;
    version[i]++;
    return CHANGED;
  }

  /**
   * Adds a cell as it is (migration from the map of earlier versions), at version 0 like a cell
   * restored without a version: the events counted before are unknown.
   */
  void put(BoardCell cell, CellScore score) {
    add(cell.metric, cell.gameId, cell.windowSize, cell.windowStart, score.cents, score.achievedAt);
    dirty[count - 1] = score.dirty;
    version[count - 1] = 0;
  }

  private int indexOf(Metric m, String game, long size, long start) {
    byte ord = (byte) m.ordinal();
    for (int i = 0; i < count; i++) {
      if (metric[i] == ord
          && windowStart[i] == start
          && windowSize[i] == size
          && (game == null ? gameId[i] == null : game.equals(gameId[i]))) {
        return i;
      }
    }
    return -1;
  }

  private void add(Metric m, String game, long size, long start, long amount, long at) {
    if (count == metric.length) {
      int capacity = count + Math.max(4, count / 2);
      metric = Arrays.copyOf(metric, capacity);
      gameId = Arrays.copyOf(gameId, capacity);
      windowSize = Arrays.copyOf(windowSize, capacity);
      windowStart = Arrays.copyOf(windowStart, capacity);
      cents = Arrays.copyOf(cents, capacity);
      achievedAt = Arrays.copyOf(achievedAt, capacity);
      dirty = Arrays.copyOf(dirty, capacity);
      version = Arrays.copyOf(version, capacity);
    }
    int i = count++;
    metric[i] = (byte) m.ordinal();
    gameId[i] = game;
    windowSize[i] = size;
    windowStart[i] = start;
    cents[i] = amount;
    achievedAt[i] = at;
    dirty[i] = true;
    version[i] = 1; // the event that created it
  }

  private BoardUpdate update(int i, String userId, boolean finalScore) {
    return new BoardUpdate(
        new BoardCell(METRICS[metric[i]], gameId[i], windowSize[i], windowStart[i]),
        userId,
        cents[i],
        achievedAt[i],
        version[i],
        finalScore);
  }

  /** Emits every score changed since the last emission as a live update; returns how many. */
  int emitChanged(String userId, Collector<BoardUpdate> out) {
    int emitted = 0;
    for (int i = 0; i < count; i++) {
      if (dirty[i]) {
        dirty[i] = false;
        out.collect(update(i, userId, false));
        emitted++;
      }
    }
    return emitted;
  }

  /**
   * Emits the changed scores of every window closed by {@code now} (its close time under {@code
   * allowedLateness} at or before it) as final and drops those cells; re-arms a timer at the close
   * of every window still open, so cells restored under another allowed lateness still close.
   * Returns how many scores were emitted.
   */
  int closeDue(
      long now,
      long allowedLateness,
      String userId,
      Collector<BoardUpdate> out,
      TimerService timers) {
    int emitted = 0;
    int kept = 0;
    long lastArmed = Long.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      long close = closeOf(windowStart[i], windowSize[i], allowedLateness);
      if (close <= now) {
        if (dirty[i]) {
          out.collect(update(i, userId, true));
          emitted++;
        }
        continue;
      }
      if (close != lastArmed) {
        timers.registerEventTimeTimer(close); // a no-op when that timer is already there
        lastArmed = close;
      }
      if (kept != i) {
        metric[kept] = metric[i];
        gameId[kept] = gameId[i];
        windowSize[kept] = windowSize[i];
        windowStart[kept] = windowStart[i];
        cents[kept] = cents[i];
        achievedAt[kept] = achievedAt[i];
        dirty[kept] = dirty[i];
        version[kept] = version[i];
      }
      kept++;
    }
    for (int i = kept; i < count; i++) {
      gameId[i] = null; // no stale strings kept alive in unused slots
    }
    count = kept;
    return emitted;
  }

  /**
   * When the window starting at {@code start} closes: its last millisecond plus the allowed
   * lateness.
   */
  static long closeOf(long start, long size, long allowedLateness) {
    return start + size - 1 + allowedLateness;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("PlayerCells{");
    for (int i = 0; i < count; i++) {
      sb.append(i == 0 ? "" : ", ")
          .append(METRICS[metric[i]].key())
          .append(':')
          .append(gameId[i] == null ? "global" : "game:" + gameId[i])
          .append(':')
          .append(windowSize[i])
          .append("ms@")
          .append(windowStart[i])
          .append('=')
          .append(cents[i])
          .append('@')
          .append(achievedAt[i])
          .append(" v")
          .append(version[i])
          .append(dirty[i] ? "*" : "");
    }
    return sb.append(flushAt == NO_FLUSH ? "}" : "} flush@" + flushAt).toString();
  }
}

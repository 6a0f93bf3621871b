package dev.croupier.udfs.leaderboard;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.LateEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Live windowed leaderboards, keyed by player: bets feed {@code wagered}, settlements feed {@code
 * net_win} and {@code biggest_win}, each on the {@code global} and {@code game:<gameId>} boards of
 * every configured tumbling window. A changed score is emitted at most {@code liveUpdateDelay}
 * (processing time) after its first change, so many events of one player coalesce into one update
 * per board; when a window closes (event time: end + allowed lateness) its changed scores are
 * emitted once more as final and its state is dropped.
 *
 * <p>Keyed by player rather than by (board, window, player): one shuffle per event instead of one
 * per board, one lateness decision and one side output per event, and one flush timer per player
 * covering all of that player's boards. State is one {@link PlayerCells} value per player (a score
 * per (board, window) it scored on, and its pending flush), so an event costs one state read and
 * one write whatever the number of boards it touches; a window's cells are removed by its
 * event-time timer, so state is bounded by the open windows. Savepoints of earlier versions (a map
 * state per player) are read and moved over player by player (see {@link #cellsOf}).
 *
 * <p>Late events are dead-lettered here, the one place the leaderboard job does it, and counted
 * once by {@link LateEvents} (reason {@code late}, to {@link DeadLetterOutput#TAG}); a late event
 * counts on no board. An event is late when the decode step marked it ({@link LateEvents#MARK}:
 * more than out-of-orderness + allowed lateness behind the newest event time of its partition, a
 * decision that depends on the input alone), or, in a live stream, when it arrives after one of its
 * windows closed (window end − 1 + allowed lateness ≤ watermark), which only a partition that had
 * been idle can cause. The newest watermark acted on is checkpointed, so after a restore (when
 * Flink's watermark restarts from nothing) a closed window is never reopened with only the late
 * part of its events.
 *
 * <p>A cell closes at the first event-time timer at or after its close time under the current
 * allowed lateness, and every timer re-arms the cells still open: a savepoint restored with another
 * {@code leaderboard.allowed-lateness} drains like any other.
 */
public final class LeaderboardFunction
    extends KeyedCoProcessFunction<String, BetPlaced, BetSettled, BoardUpdate>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  private final LeaderboardWindows windows;
  private final long allowedLateness;
  private final long liveUpdateDelay;
  private final Topic<BetPlaced> bets;
  private final Topic<BetSettled> rounds;
  private final LateEvents lateEvents;
  private final String lateDetail;

  /** The keyed state: one {@link PlayerCells} per player. */
  static final String CELLS_STATE = "leaderboard-player-cells";

  /** Earlier versions' keyed state, read once per player after a restore and then cleared. */
  static final String LEGACY_CELLS_STATE = "leaderboard-cells";

  static final String LEGACY_FLUSH_AT_STATE = "leaderboard-flush-at";

  private transient ValueState<PlayerCells> cells;
  private transient MapState<BoardCell, CellScore> legacyCells;
  private transient ValueState<Long> legacyFlushAt;
  private transient ListState<Long> watermarkState;
  private transient long watermark;
  private transient LeaderboardMetrics metrics;

  /**
   * Boards of {@code windows} for {@code job}, which reads bets and settlements from {@code bets}
   * and {@code rounds} (under their configured names, for the dead letters).
   */
  public LeaderboardFunction(
      LeaderboardWindows windows,
      Duration allowedLateness,
      Duration liveUpdateDelay,
      Topic<BetPlaced> bets,
      Topic<BetSettled> rounds,
      String job) {
    this.windows = windows;
    this.allowedLateness = allowedLateness.toMillis();
    this.liveUpdateDelay = liveUpdateDelay.toMillis();
    this.bets = bets;
    this.rounds = rounds;
    this.lateEvents = new LateEvents(job);
    this.lateDetail =
        "behind the event time already passed by more than the out-of-orderness plus the allowed"
            + " lateness ("
            + allowedLateness
            + "): its leaderboard windows may be closed; counted on no board";
  }

  @Override
  public void open(OpenContext openContext) {
    cells =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>(CELLS_STATE, PlayerCellsTypeInfo.INSTANCE));
    legacyCells =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    LEGACY_CELLS_STATE,
                    TypeInformation.of(BoardCell.class),
                    TypeInformation.of(CellScore.class)));
    legacyFlushAt =
        getRuntimeContext().getState(new ValueStateDescriptor<>(LEGACY_FLUSH_AT_STATE, Types.LONG));
    metrics = new LeaderboardMetrics(getRuntimeContext().getMetricGroup());
    lateEvents.open(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement1(BetPlaced bet, Context ctx, Collector<BoardUpdate> out)
      throws Exception {
    long at = bet.getOccurredAt().toEpochMilli();
    if (isLate(ctx, at)) {
      // The original Kafka timestamp is unknown here; the event time is in the value.
      ctx.output(DeadLetterOutput.TAG, lateEvents.deadLetter(bets, bet, lateDetail, null));
      return;
    }
    if (bet.getStake() == 0) {
      return; // a zero stake changes no board
    }
    PlayerCells player = cellsOrNew();
    int changes = apply(ctx, player, Metric.WAGERED, bet.getGameId(), bet.getStake(), at);
    store(ctx, player, changes);
  }

  @Override
  public void processElement2(BetSettled bet, Context ctx, Collector<BoardUpdate> out)
      throws Exception {
    long at = bet.getOccurredAt().toEpochMilli();
    if (isLate(ctx, at)) {
      ctx.output(DeadLetterOutput.TAG, lateEvents.deadLetter(rounds, bet, lateDetail, null));
      return;
    }
    long net = bet.getPayout() - bet.getStake();
    if (net == 0) {
      return; // a push or a void changes no board
    }
    PlayerCells player = cellsOrNew();
    int changes = apply(ctx, player, Metric.NET_WIN, bet.getGameId(), net, at);
    if (net > 0) {
      changes |= apply(ctx, player, Metric.BIGGEST_WIN, bet.getGameId(), net, at);
    }
    store(ctx, player, changes);
  }

  /** Marked late at the source, or one of its windows has closed: the event counts nowhere. */
  private boolean isLate(Context ctx, long at) {
    if (LateEvents.isMarked(ctx.timestamp())) {
      return true;
    }
    long wm = observe(ctx.timerService().currentWatermark());
    for (int i = 0; i < windows.count(); i++) {
      long size = windows.size(i);
      if (PlayerCells.closeOf(LeaderboardWindows.startOf(at, size), size, allowedLateness) <= wm) {
        return true;
      }
    }
    return false;
  }

  /**
   * Applies one amount to the game and the global board of every window (all open: see {@link
   * #isLate}); a window's close timer is registered when the player's first cell in it is created
   * (timers outlive restores, and {@link PlayerCells#closeDue} re-arms the open ones).
   */
  private int apply(
      Context ctx, PlayerCells player, Metric metric, String gameId, long amount, long at) {
    int changes = 0;
    for (int i = 0; i < windows.count(); i++) {
      long size = windows.size(i);
      long start = LeaderboardWindows.startOf(at, size);
      int c =
          player.apply(metric, gameId, size, start, amount, at)
              | player.apply(metric, null, size, start, amount, at);
      if ((c & PlayerCells.CREATED) != 0) {
        ctx.timerService()
            .registerEventTimeTimer(PlayerCells.closeOf(start, size, allowedLateness));
      }
      changes |= c;
    }
    return changes;
  }

  /** Writes the player's cells back after a change, with a live flush scheduled. */
  private void store(Context ctx, PlayerCells player, int changes) throws Exception {
    if ((changes & PlayerCells.CHANGED) == 0) {
      return; // nothing changed (a win below the biggest): the state holds what it held
    }
    if (player.flushAt == PlayerCells.NO_FLUSH) {
      long t = ctx.timerService().currentProcessingTime() + liveUpdateDelay;
      ctx.timerService().registerProcessingTimeTimer(t);
      player.flushAt = t;
    }
    cells.update(player);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BoardUpdate> out)
      throws Exception {
    String userId = ctx.getCurrentKey();
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      PlayerCells player = cellsOf();
      if (player != null) {
        player.flushAt = PlayerCells.NO_FLUSH;
        metrics.live(player.emitChanged(userId, out));
        cells.update(player);
      }
      return;
    }
    observe(ctx.timerService().currentWatermark());
    PlayerCells player = cellsOf();
    if (player == null) {
      return;
    }
    metrics.closed(player.closeDue(timestamp, allowedLateness, userId, out, ctx.timerService()));
    if (player.isEmpty()) {
      if (player.flushAt != PlayerCells.NO_FLUSH) {
        ctx.timerService().deleteProcessingTimeTimer(player.flushAt); // nothing left: drain
      }
      cells.clear();
    } else {
      cells.update(player);
    }
  }

  /** The current player's cells, an empty value when it has none. */
  private PlayerCells cellsOrNew() throws Exception {
    PlayerCells player = cellsOf();
    return player != null ? player : new PlayerCells();
  }

  /**
   * The current player's cells, or null when it has none. Cells kept by earlier versions (a map per
   * player, {@value #LEGACY_CELLS_STATE}, and {@value #LEGACY_FLUSH_AT_STATE}) are moved into the
   * value on the player's first event or timer after a restore; that look-up costs one read of each
   * legacy state, and only when the player has no cells in the current layout.
   */
  private PlayerCells cellsOf() throws Exception {
    PlayerCells player = cells.value();
    if (player != null) {
      player.restoreVersions(); // a value of a savepoint from before versions: pad them with 0
      return player;
    }
    Long flush = legacyFlushAt.value();
    if (flush != null) {
      legacyFlushAt.clear();
    }
    if (legacyCells.isEmpty()) {
      return null;
    }
    player = new PlayerCells();
    for (Map.Entry<BoardCell, CellScore> e : legacyCells.entries()) {
      player.put(e.getKey(), e.getValue());
    }
    player.flushAt = flush == null ? PlayerCells.NO_FLUSH : flush;
    legacyCells.clear();
    cells.update(player);
    return player;
  }

  /** The newest watermark seen, never lower than the one restored from a checkpoint. */
  private long observe(long current) {
    if (current > watermark) {
      watermark = current;
    }
    return watermark;
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    watermarkState.update(List.of(watermark));
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    watermarkState =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("leaderboard-watermark", Types.LONG));
    // Union state: every subtask gets all subtasks' values; the lowest is safe for any key.
    watermark = Long.MIN_VALUE;
    long lowest = Long.MAX_VALUE;
    boolean any = false;
    for (Long w : watermarkState.get()) {
      lowest = Math.min(lowest, w);
      any = true;
    }
    if (any) {
      watermark = lowest;
    }
  }

  @VisibleForTesting
  long lateEvents() {
    return lateEvents.count();
  }
}

package dev.croupier.udfs.leaderboard;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.LateEvents;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
 * covering all of that player's boards. State is one map entry per (board, window) the player
 * scored on, removed by the window's event-time timer: it is bounded by the open windows.
 *
 * <p>An event whose window has closed (window end − 1 + allowed lateness ≤ watermark) is not
 * counted on that window's boards; if that happens for any of its windows the event is late: the
 * one place the leaderboard job decides it. {@link LateEvents} counts it once and it goes to {@link
 * DeadLetterOutput#TAG} with reason {@code late} (still counted on the windows that are open). The
 * newest watermark acted on is checkpointed, so after a restore (when Flink's watermark restarts
 * from nothing) a closed window is never reopened with only the late part of its events.
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

  private transient PlayerBoards boards;
  private transient ValueState<Long> flushAt;
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
        "behind the watermark by more than the allowed lateness ("
            + allowedLateness
            + ") for at least one leaderboard window; not counted on the boards of the windows"
            + " already closed";
  }

  @Override
  public void open(OpenContext openContext) {
    boards =
        new PlayerBoards(
            getRuntimeContext()
                .getMapState(
                    new MapStateDescriptor<>(
                        "leaderboard-cells",
                        TypeInformation.of(BoardCell.class),
                        TypeInformation.of(CellScore.class))),
            allowedLateness);
    flushAt =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("leaderboard-flush-at", Types.LONG));
    metrics = new LeaderboardMetrics(getRuntimeContext().getMetricGroup());
    lateEvents.open(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement1(BetPlaced bet, Context ctx, Collector<BoardUpdate> out)
      throws Exception {
    if (bet.getStake() == 0) {
      return; // a zero stake changes no board
    }
    if (apply(
        ctx, Metric.WAGERED, bet.getGameId(), bet.getStake(), bet.getOccurredAt().toEpochMilli())) {
      // The original Kafka timestamp is unknown here; the event time is in the value.
      ctx.output(DeadLetterOutput.TAG, lateEvents.deadLetter(bets, bet, lateDetail, null));
    }
  }

  @Override
  public void processElement2(BetSettled bet, Context ctx, Collector<BoardUpdate> out)
      throws Exception {
    long net = bet.getPayout() - bet.getStake();
    if (net == 0) {
      return; // a push or a void changes no board
    }
    long at = bet.getOccurredAt().toEpochMilli();
    boolean late = apply(ctx, Metric.NET_WIN, bet.getGameId(), net, at);
    if (net > 0) {
      apply(ctx, Metric.BIGGEST_WIN, bet.getGameId(), net, at); // same windows, same lateness
    }
    if (late) {
      ctx.output(DeadLetterOutput.TAG, lateEvents.deadLetter(rounds, bet, lateDetail, null));
    }
  }

  /** Applies one amount to the boards of every window still open; true if any window had closed. */
  private boolean apply(Context ctx, Metric metric, String gameId, long amount, long at)
      throws Exception {
    long wm = observe(ctx.timerService().currentWatermark());
    boolean late = false;
    for (int i = 0; i < windows.count(); i++) {
      long size = windows.size(i);
      long start = LeaderboardWindows.startOf(at, size);
      long close = boards.closeOf(start, size);
      if (close <= wm) {
        late = true;
      } else if (boards.apply(metric, gameId, size, start, amount, at)) {
        ctx.timerService().registerEventTimeTimer(close);
        scheduleFlush(ctx);
      }
    }
    return late;
  }

  private void scheduleFlush(Context ctx) throws Exception {
    if (flushAt.value() == null) {
      long t = ctx.timerService().currentProcessingTime() + liveUpdateDelay;
      ctx.timerService().registerProcessingTimeTimer(t);
      flushAt.update(t);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BoardUpdate> out)
      throws Exception {
    String userId = ctx.getCurrentKey();
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      flushAt.clear();
      metrics.live(boards.emitChanged(userId, out));
      return;
    }
    observe(ctx.timerService().currentWatermark());
    metrics.closed(boards.close(timestamp, userId, out));
    Long pending = flushAt.value();
    if (pending != null && boards.isEmpty()) {
      ctx.timerService().deleteProcessingTimeTimer(pending); // nothing left to flush: drain
      flushAt.clear();
    }
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

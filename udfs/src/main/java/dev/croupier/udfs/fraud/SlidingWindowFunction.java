package dev.croupier.udfs.fraud;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Base of the rules that look at a player's events within a sliding event-time window ("within 10
 * s", "within 1 h"). Keeps the events of the last {@code window} (inclusive: an event exactly
 * {@code window} older than the newest one still counts), and one clean-up timer per key that
 * clears the state once the watermark is a full window past the newest event. Input must come
 * from an {@link EventTimeSorter}.
 */
public abstract class SlidingWindowFunction<O> extends KeyedProcessFunction<String, PlayerEvent, O> {
  private static final long serialVersionUID = 1L;
  /** Bound on the events one key's window holds, against pathological keys; far above any rule's need. */
  public static final int MAX_EVENTS = 10_000;

  protected final long windowMs;
  private final int maxEvents;
  private transient ValueState<SlidingWindow> recent;
  private transient ValueState<Long> cleanupAt;

  protected SlidingWindowFunction(Duration window) {
    this.windowMs = window.toMillis();
    this.maxEvents = MAX_EVENTS;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    recent = getRuntimeContext().getState(new ValueStateDescriptor<>("recent", Types.POJO(SlidingWindow.class)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  /** Whether {@code e} joins the window; others only trigger {@link #onEvent}. */
  protected boolean joinsWindow(PlayerEvent e) {
    return true;
  }

  /** Called for every input event after the window was updated with it (if it joins). */
  protected abstract void onEvent(PlayerEvent e, SlidingWindow window, Context ctx, Collector<O> out)
      throws Exception;

  @Override
  public void processElement(PlayerEvent e, Context ctx, Collector<O> out) throws Exception {
    SlidingWindow w = recent.value();
    if (w == null) {
      w = new SlidingWindow();
    }
    if (joinsWindow(e)) {
      w.add(e);
    }
    w.evictBefore(e.occurredAt - windowMs);
    w.capAt(maxEvents);
    onEvent(e, w, ctx, out);
    if (w.isEmpty()) {
      recent.clear();
      return;
    }
    recent.update(w);
    if (cleanupAt.value() == null) {
      long at = w.newestAt() + windowMs;
      ctx.timerService().registerEventTimeTimer(at);
      cleanupAt.update(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
    SlidingWindow w = recent.value();
    if (w == null || w.isEmpty() || w.newestAt() + windowMs <= timestamp) {
      // Any later event is more than a window after everything held: nothing can count any more.
      recent.clear();
      cleanupAt.clear();
      return;
    }
    long at = w.newestAt() + windowMs;
    ctx.timerService().registerEventTimeTimer(at);
    cleanupAt.update(at);
  }
}

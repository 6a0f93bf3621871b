package dev.croupier.udfs.fraud;

import dev.croupier.udfs.metrics.CroupierMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Releases each key's records in event-time order once the watermark has passed them (ties broken
 * by an id), so the rules downstream see one deterministic order whatever the interleaving of
 * topics and partitions was; a replay after a restore therefore produces the same alerts. State is
 * only the records above the watermark ({@code pending-by-time}: a list per timestamp).
 *
 * <p><b>A timer per key, not per timestamp.</b> A key's release timer is at its earliest pending
 * timestamp ({@code next-release} remembers which). When it fires, every pending timestamp the
 * watermark has passed is released, in time order, and the release timer is set at the earliest one
 * left. A record sets a timer only when it is earlier than everything its key holds; one at or
 * after the key's earliest pending time sets none. So a key whose events arrive in order costs one
 * timer per release instead of one per distinct timestamp, and out-of-order arrivals never cost
 * more timer operations than before (a later timer kept when an earlier record arrived fires, finds
 * the key's release timer elsewhere and returns, or is the one the release re-arms: the queue
 * merges them). The timer queue's upkeep was a third of the task's time while a job catches up and
 * the sorter holds thousands of events. Why the order is the same: timers fire in timestamp order
 * only across keys, and a key's records reach the rules (keyed the same) in this key's order alone;
 * within a key, a release emits every pending timestamp up to the watermark in ascending order, and
 * what stays is above the watermark, so it comes later in any case. The watermark is forwarded only
 * after every timer of its advance fired, as before: no record is behind it downstream.
 *
 * <p>State written before this layout (savepoints of the timer-per-timestamp sorter) restores: the
 * map is the same, {@code next-release} is absent and the old per-timestamp timers are still set.
 * The first element or timer of such a key finds the earliest pending timestamp from the map itself
 * and takes it as its release timer; any other old timer of the key then fires as a stale one and
 * does nothing (the key's release timer is at or before it and releases all it would).
 *
 * <p>Late records never get here: the job's gates dead-letter them first. A record can still arrive
 * at or behind this operator's watermark in one case: in a live stream, when a partition that had
 * nothing to read (and so stopped holding the watermark back) receives an event older than the
 * watermark the others have reached. It cannot be put in order any more and must not be dropped: it
 * is released at once, still ahead of this key's pending records (they are all later than the
 * watermark), and counted ({@code croupier.lateEvents}). It must not wait for the next instant
 * either: in a quiet live stream the watermark may not move again until the next burst of traffic,
 * and an alert would wait with it. Alerts reach the alert sorter that way whenever a rule emits one
 * as the watermark passes its detection time.
 */
public final class EventTimeSorter<T> extends KeyedProcessFunction<String, T, T>
    implements ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  /**
   * Records that arrived at or behind the watermark and were released at once (the name dashboards
   * scrape).
   */
  public static final String BEHIND_WATERMARK_COUNTER = "lateEvents";

  private final TypeInformation<T> type;
  private final SerializableFunction<T, Long> time;
  private final SerializableFunction<T, String> id;
  private transient MapState<Long, List<T>> pending;

  /** The key's one release timer: its earliest pending timestamp; absent when none is pending. */
  private transient ValueState<Long> nextRelease;

  /** Scratch for one release: the timestamps due, sorted (never kept across calls). */
  private transient long[] due;

  private transient Meter eventsPerSecond;
  private transient Counter behindWatermark;
  private transient Comparator<T> byId;

  public EventTimeSorter(
      TypeInformation<T> type,
      SerializableFunction<T, Long> time,
      SerializableFunction<T, String> id) {
    this.type = type;
    this.time = time;
    this.id = id;
  }

  /**
   * The player timeline: input events by occurredAt, ties by eventId, buffered and sent on as
   * {@link PlayerEventTypeInfo} (state of the former POJO layout is migrated on restore).
   */
  public static EventTimeSorter<PlayerEvent> forEvents() {
    return new EventTimeSorter<>(PlayerEventTypeInfo.INSTANCE, e -> e.occurredAt, e -> e.eventId);
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return type;
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("pending-by-time", Types.LONG, new ListTypeInfo<>(type)));
    nextRelease =
        getRuntimeContext().getState(new ValueStateDescriptor<>("next-release", Types.LONG));
    due = new long[16];
    MetricGroup croupier = CroupierMetrics.of(getRuntimeContext().getMetricGroup());
    eventsPerSecond = croupier.meter("eventsPerSecond", new MeterView(60));
    behindWatermark = croupier.counter(BEHIND_WATERMARK_COUNTER);
    byId = Comparator.comparing(id::apply);
  }

  @Override
  public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
    eventsPerSecond.markEvent();
    long t = time.apply(value);
    long watermark = ctx.timerService().currentWatermark();
    if (t <= watermark) {
      behindWatermark.inc();
      out.collect(value); // too late to order; waiting would tie it to the next traffic
      return;
    }
    Long armed = nextRelease.value();
    List<T> atTime;
    if (armed != null) {
      atTime = pending.get(t);
      if (t < armed) {
        // Earlier than all pending: a timer of its own. The later one stays (deleting it and
        // setting it again at the next release would cost two queue operations, keeping it none:
        // the release re-arms at the next pending time, where it is, and it merges)
        ctx.timerService().registerEventTimeTimer(t);
        nextRelease.update(t);
      }
    } else {
      // Nothing pending (one look-up, as the get would be), or a key restored from the
      // per-timestamp layout, whose old timer at its earliest timestamp becomes the release timer
      long earliest = earliestPending();
      atTime = earliest == Long.MAX_VALUE ? null : pending.get(t);
      long release = Math.min(earliest, t);
      ctx.timerService().registerEventTimeTimer(release);
      nextRelease.update(release);
    }
    if (atTime == null) {
      atTime = new ArrayList<>(1);
    }
    atTime.add(value);
    pending.put(t, atTime);
  }

  /** The key's earliest pending timestamp, or {@code Long.MAX_VALUE} when none is pending. */
  private long earliestPending() throws Exception {
    long earliest = Long.MAX_VALUE;
    for (Long t : pending.keys()) {
      earliest = Math.min(earliest, t);
    }
    return earliest;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
    Long armed = nextRelease.value();
    if (armed != null && armed != timestamp) {
      // Not the key's release timer (its earliest pending time): that one is before this one and
      // fired or fires at this same watermark, releasing all this one would, or it is after it and
      // nothing is due. A later timer kept when an earlier event arrived, or an old per-timestamp
      // timer of a restored key.
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    int n = 0;
    long next = Long.MAX_VALUE;
    for (Long t : pending.keys()) {
      if (t <= watermark) {
        if (n == due.length) {
          due = Arrays.copyOf(due, n * 2);
        }
        due[n++] = t;
      } else {
        next = Math.min(next, t);
      }
    }
    if (n > 1) {
      Arrays.sort(due, 0, n);
    }
    for (int i = 0; i < n; i++) {
      List<T> atTime = pending.get(due[i]);
      pending.remove(due[i]);
      if (atTime.size() > 1) {
        atTime.sort(byId);
      }
      for (T value : atTime) {
        out.collect(value);
      }
    }
    if (next == Long.MAX_VALUE) {
      nextRelease.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(next);
      nextRelease.update(next);
    }
  }
}

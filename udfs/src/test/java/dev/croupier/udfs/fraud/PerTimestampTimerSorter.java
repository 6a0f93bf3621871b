package dev.croupier.udfs.fraud;

import dev.croupier.udfs.metrics.CroupierMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
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
 * The sorter before one timer per key ({@link EventTimeSorter} up to commit 9c3febe, verbatim but
 * for its name): one event-time timer per distinct timestamp per key, events kept by Flink's POJO
 * serializer. Its savepoints are what {@link EventTimeSorterTest} restores the current sorter from.
 */
final class PerTimestampTimerSorter<T> extends KeyedProcessFunction<String, T, T>
    implements ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  /**
   * Records that arrived at or behind the watermark and were released at once (the name dashboards
   * scrape).
   */
  static final String BEHIND_WATERMARK_COUNTER = "lateEvents";

  private final TypeInformation<T> type;
  private final SerializableFunction<T, Long> time;
  private final SerializableFunction<T, String> id;
  private transient MapState<Long, List<T>> pending;
  private transient Meter eventsPerSecond;
  private transient Counter behindWatermark;
  private transient Comparator<T> byId;

  PerTimestampTimerSorter(
      TypeInformation<T> type,
      SerializableFunction<T, Long> time,
      SerializableFunction<T, String> id) {
    this.type = type;
    this.time = time;
    this.id = id;
  }

  /** The player timeline: input events by occurredAt, ties by eventId. */
  static PerTimestampTimerSorter<PlayerEvent> forEvents() {
    return new PerTimestampTimerSorter<>(
        Types.POJO(PlayerEvent.class), e -> e.occurredAt, e -> e.eventId);
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
    List<T> atTime = pending.get(t);
    if (atTime == null) {
      atTime = new ArrayList<>(1);
      ctx.timerService().registerEventTimeTimer(t);
    }
    atTime.add(value);
    pending.put(t, atTime);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
    List<T> atTime = pending.get(timestamp);
    if (atTime == null) {
      return;
    }
    pending.remove(timestamp);
    if (atTime.size() > 1) {
      atTime.sort(byId);
    }
    for (T value : atTime) {
      out.collect(value);
    }
  }
}

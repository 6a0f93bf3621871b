package dev.croupier.udfs.fraud;

import dev.croupier.udfs.metrics.CroupierMetrics;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The early-alert track's player timeline: keyed by player, passes each event that arrives no
 * earlier in event time than the last one it passed for that player, at once, without waiting for
 * the watermark. An event that arrives out of order is left to the watermark track alone and
 * counted ({@code croupier.earlyOutOfOrder}): the early rules then see a player's events in the
 * order the watermark track will, except for events of equal time (those pass in arrival order,
 * where the watermark track orders them by id) and events the gate found too old to copy here.
 * Where the two orders differ, the early alert may differ too, and the confirmation corrects it.
 *
 * <p>State is one time per player, expiring {@code ttl} after its last update: an event arriving
 * after that is compared with nothing, which is right when {@code ttl} is longer than the gate's
 * maximum age (an event that old never gets here).
 */
public final class InOrderArrivals extends KeyedProcessFunction<String, PlayerEvent, PlayerEvent> {
  private static final long serialVersionUID = 1L;

  /** Events left to the watermark track because they arrived out of order. */
  public static final String OUT_OF_ORDER_COUNTER = "earlyOutOfOrder";

  private final Duration ttl;
  private transient ValueState<Long> lastPassedAt;
  private transient Counter outOfOrder;

  public InOrderArrivals(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<Long> last = new ValueStateDescriptor<>("last-passed-at", Types.LONG);
    last.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    lastPassedAt = getRuntimeContext().getState(last);
    MetricGroup g = CroupierMetrics.of(getRuntimeContext().getMetricGroup());
    outOfOrder = g.counter(OUT_OF_ORDER_COUNTER);
  }

  @Override
  public void processElement(PlayerEvent e, Context ctx, Collector<PlayerEvent> out)
      throws Exception {
    Long last = lastPassedAt.value();
    if (last != null && e.occurredAt < last) {
      outOfOrder.inc();
      return;
    }
    if (last == null || e.occurredAt > last) {
      lastPassedAt.update(e.occurredAt);
    }
    out.collect(e);
  }
}

package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.metrics.CroupierMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per (rule, player) cool-down: keyed by {@link #key(FraudAlert)}, passes an alert only if the
 * last one passed for the key was detected at least the rule's cool-down earlier, in event time, so
 * a replay suppresses exactly what the first run suppressed. Input must come in detectedAt order
 * (an {@link EventTimeSorter}). Counts alerts and suppressions per rule; state is cleared by a
 * timer when the cool-down ends.
 */
public final class AlertCoolDown extends KeyedProcessFunction<String, FraudAlert, FraudAlert> {
  private static final long serialVersionUID = 1L;

  private final Map<String, Long> coolDownMs = new HashMap<>();
  private transient ValueState<Long> lastAlertAt;
  private transient Map<String, Counter> alerts;
  private transient Map<String, Counter> suppressed;

  public AlertCoolDown(List<RuleSettings> rules) {
    for (RuleSettings r : rules) {
      coolDownMs.put(r.id().id(), r.coolDown().toMillis());
    }
  }

  /** The key: {@code ruleId|userId}. */
  public static String key(FraudAlert a) {
    return a.getRuleId() + "|" + a.getUserId();
  }

  @Override
  public void open(OpenContext openContext) {
    lastAlertAt =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-alert-at", Types.LONG));
    alerts = new HashMap<>();
    suppressed = new HashMap<>();
    for (String rule : coolDownMs.keySet()) {
      MetricGroup g =
          CroupierMetrics.of(getRuntimeContext().getMetricGroup()).addGroup("rule", rule);
      alerts.put(rule, g.counter("alerts"));
      suppressed.put(rule, g.counter("alertsSuppressed"));
    }
  }

  @Override
  public void processElement(FraudAlert a, Context ctx, Collector<FraudAlert> out)
      throws Exception {
    long at = a.getDetectedAt().toEpochMilli();
    long coolDown = coolDownMs.getOrDefault(a.getRuleId(), 0L);
    Long last = lastAlertAt.value();
    if (last != null && at - last < coolDown) {
      count(suppressed, a.getRuleId());
      return;
    }
    count(alerts, a.getRuleId());
    out.collect(a);
    if (coolDown > 0) {
      lastAlertAt.update(at);
      ctx.timerService().registerEventTimeTimer(at + coolDown);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FraudAlert> out)
      throws Exception {
    Long last = lastAlertAt.value();
    String rule = ctx.getCurrentKey().substring(0, ctx.getCurrentKey().indexOf('|'));
    if (last != null && last + coolDownMs.getOrDefault(rule, 0L) <= timestamp) {
      lastAlertAt.clear();
    }
  }

  private static void count(Map<String, Counter> counters, String rule) {
    Counter c = counters.get(rule);
    if (c != null) {
      c.inc();
    }
  }
}

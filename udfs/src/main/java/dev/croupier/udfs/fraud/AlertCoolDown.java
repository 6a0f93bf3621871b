package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.udfs.fraud.live.LiveRules;
import dev.croupier.udfs.fraud.live.RuleVersions;
import dev.croupier.udfs.fraud.live.Running;
import dev.croupier.udfs.fraud.rules.FraudRules;
import dev.croupier.udfs.metrics.CroupierMetrics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per (rule, player) cool-down of one feed (the main alerts, or the shadow alerts): keyed by
 * {@link #key(FraudAlert)}, passes an alert only if the last one passed for the key was detected at
 * least the rule's cool-down earlier, in event time, so a replay suppresses exactly what the first
 * run suppressed. The cool-down is the one of the alert's version as it runs now (connected to the
 * accepted {@code risk.rules} records, like the rules), or the primary's for a version that no
 * longer runs; versions of one rule share the key, so a new version does not flood a player the old
 * one just alerted on. Input must come in detectedAt order (an {@link EventTimeSorter}). Counts
 * {@code croupier.rule.<id>.<feed>} and {@code <feed>Suppressed} per rule; state is cleared by a
 * timer when the cool-down ends.
 */
public final class AlertCoolDown
    extends KeyedBroadcastProcessFunction<String, FraudAlert, RuleConfig, FraudAlert> {
  private static final long serialVersionUID = 1L;

  /** The main feed's counters: {@code alerts}, {@code alertsSuppressed}. */
  public static final String ALERTS = "alerts";

  /** The shadow feed's counters: {@code shadowAlerts}, {@code shadowAlertsSuppressed}. */
  public static final String SHADOW_ALERTS = "shadowAlerts";

  /** The early track's counters: {@code earlyAlerts}, {@code earlyAlertsSuppressed}. */
  public static final String EARLY_ALERTS = "earlyAlerts";

  private final Map<String, RuleVersions<?>> rules;
  private final String feed;
  private transient Map<String, Running<?>> running;
  private transient ValueState<Long> lastAlertAt;
  private transient Map<String, Counter> passed;
  private transient Map<String, Counter> suppressed;

  /** The cool-down of the alerts of {@code rules} on {@code feed} ({@link #ALERTS}, ...). */
  public AlertCoolDown(FraudRules rules, String feed) {
    this.rules = new LinkedHashMap<>(rules.versionsById());
    this.feed = feed;
  }

  /** The key: {@code ruleId|userId}. */
  public static String key(FraudAlert a) {
    return a.getRuleId() + "|" + a.getUserId();
  }

  @Override
  public void open(OpenContext openContext) {
    lastAlertAt =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-alert-at", Types.LONG));
    running = new HashMap<>();
    passed = new HashMap<>();
    suppressed = new HashMap<>();
    for (String rule : rules.keySet()) {
      MetricGroup g =
          CroupierMetrics.of(getRuntimeContext().getMetricGroup()).addGroup("rule", rule);
      passed.put(rule, g.counter(feed));
      suppressed.put(rule, g.counter(feed + "Suppressed"));
    }
  }

  @Override
  public void processBroadcastElement(RuleConfig config, Context ctx, Collector<FraudAlert> out)
      throws Exception {
    RuleVersions<?> rule = rules.get(config.getRuleId());
    if (rule != null) {
      ctx.getBroadcastState(LiveRules.STATE).put(config.getRuleId(), config);
      running.put(config.getRuleId(), rule.running(config));
    }
  }

  @Override
  public void processElement(FraudAlert a, ReadOnlyContext ctx, Collector<FraudAlert> out)
      throws Exception {
    long at = a.getDetectedAt().toEpochMilli();
    long coolDown = coolDownOf(a, ctx.getBroadcastState(LiveRules.STATE));
    Long last = lastAlertAt.value();
    if (last != null && at - last < coolDown) {
      count(suppressed, a.getRuleId());
      return;
    }
    count(passed, a.getRuleId());
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
    Running<?> r = running(rule, ctx.getBroadcastState(LiveRules.STATE));
    long coolDown = r == null ? 0 : r.most(s -> s.rule().coolDown().toMillis());
    if (last == null || last + coolDown <= timestamp) {
      lastAlertAt.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(last + coolDown);
    }
  }

  private long coolDownOf(FraudAlert a, ReadOnlyBroadcastState<String, RuleConfig> state)
      throws Exception {
    Running<?> r = running(a.getRuleId(), state);
    return r == null ? 0 : r.version(a.getRuleVersion()).rule().coolDown().toMillis();
  }

  private Running<?> running(String rule, ReadOnlyBroadcastState<String, RuleConfig> state)
      throws Exception {
    Running<?> r = running.get(rule);
    if (r == null && rules.containsKey(rule)) {
      r = rules.get(rule).running(state.get(rule));
      running.put(rule, r);
    }
    return r;
  }

  private static void count(Map<String, Counter> counters, String rule) {
    Counter c = counters.get(rule);
    if (c != null) {
      c.inc();
    }
  }
}

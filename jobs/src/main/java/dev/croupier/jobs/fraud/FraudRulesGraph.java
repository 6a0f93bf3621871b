package dev.croupier.jobs.fraud;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.udfs.fraud.EventTimeSorter;
import dev.croupier.udfs.fraud.InOrderArrivals;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerEventTypeInfo;
import dev.croupier.udfs.fraud.live.LiveRules;
import dev.croupier.udfs.fraud.live.RuleVersions;
import dev.croupier.udfs.fraud.rules.FraudRule;
import dev.croupier.udfs.fraud.rules.FraudRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires every rule of the registry, each as its {@link FraudRule} declares, and connects each
 * rule's function to the accepted {@code risk.rules} records ({@code live}), so a rule changes
 * version (or is switched on or off) without a restart; a rule whose file says {@code mode: off} is
 * wired all the same, idle until a record switches it on. Every per-player rule hangs off one
 * player timeline (events in event-time order, keyed by userId), each behind a filter that passes
 * only what it can use. A linked rule (multi-accounting) has its own timelines keyed by each link.
 * Uids come from the rule's id ({@link FraudUids}).
 */
final class FraudRulesGraph {
  /**
   * The buffer timeout of the operators that emit rule versions and alerts: 0, each record leaves
   * at once and the task has no flusher thread. These records are rare, so flushing each costs
   * nothing; with the job's timeout every one of their network outputs kept a thread of its own
   * waking at that interval (about 120 of the job's 238 at parallelism 2) for records that hardly
   * ever come, and every hop of an alert waited up to the timeout.
   */
  static final long FLUSH_EACH_RECORD = 0L;

  private static final AvroTypeInfo<FraudAlert> ALERT = new AvroTypeInfo<>(FraudAlert.class);

  private FraudRulesGraph() {}

  /** The rules' alerts: of their ACTIVE versions, and of their SHADOW versions. */
  record Alerts(DataStream<FraudAlert> active, DataStream<FraudAlert> shadow) {}

  static Alerts alerts(
      FraudRules rules, DataStream<PlayerEvent> events, BroadcastStream<RuleConfig> live) {
    KeyedStream<PlayerEvent, String> timeline =
        byUser(
            events
                .keyBy(e -> e.userId, Types.STRING)
                .process(EventTimeSorter.forEvents())
                .uid(FraudUids.PLAYER_TIMELINE)
                .name("player timeline (event-time order)"));
    List<SingleOutputStreamOperator<FraudAlert>> out = new ArrayList<>();
    for (FraudRules.Configured<?> rule : rules.rules()) {
      out.addAll(wire(rule, timeline, events, live));
    }
    if (out.isEmpty()) {
      // No rule at all: an alert stream that never carries anything keeps the sinks wired.
      DataStream<FraudAlert> none =
          events
              .filter(e -> false)
              .uid("fraud-no-rules")
              .name("no rules")
              .map(e -> (FraudAlert) null, ALERT)
              .uid("fraud-no-alerts")
              .name("no alerts");
      return new Alerts(none, none);
    }
    DataStream<FraudAlert> active = out.get(0);
    DataStream<FraudAlert> shadow = out.get(0).getSideOutput(LiveRules.SHADOW_ALERTS);
    for (SingleOutputStreamOperator<FraudAlert> more : out.subList(1, out.size())) {
      active = active.union(more);
      shadow = shadow.union(more.getSideOutput(LiveRules.SHADOW_ALERTS));
    }
    return new Alerts(active, shadow);
  }

  /**
   * The early-alert track: every player-timeline rule again, on {@code fresh} events in arrival
   * order ({@link InOrderArrivals}), without waiting for the watermark; the alerts of ACTIVE
   * versions only, before the cool-down. Linked rules (keyed by a device or instrument, whose
   * events come from many players) stay on the watermark track alone. Null if no such rule is
   * wired.
   */
  static DataStream<FraudAlert> earlyAlerts(
      FraudRules rules,
      DataStream<PlayerEvent> fresh,
      BroadcastStream<RuleConfig> live,
      Duration memory) {
    KeyedStream<PlayerEvent, String> timeline =
        byUser(
            fresh
                .keyBy(e -> e.userId, Types.STRING)
                .process(new InOrderArrivals(memory), PlayerEventTypeInfo.INSTANCE)
                .uid(FraudUids.EARLY_TIMELINE)
                .name("early: player timeline (arrival order)"));
    DataStream<FraudAlert> out = null;
    for (FraudRules.Configured<?> rule : rules.rules()) {
      DataStream<FraudAlert> alerts = early(timeline, rule, live);
      if (alerts != null) {
        out = out == null ? alerts : out.union(alerts);
      }
    }
    return out;
  }

  /** A player-timeline rule on the early timeline; null for a linked rule. */
  private static <S extends FraudRule.Settings> DataStream<FraudAlert> early(
      KeyedStream<PlayerEvent, String> timeline,
      FraudRules.Configured<S> configured,
      BroadcastStream<RuleConfig> live) {
    if (!(configured.rule() instanceof FraudRule.Keyed<S> rule)) {
      return null;
    }
    RuleId id = rule.id();
    return byUser(
            timeline
                .filter(rule.accepts())
                .uid(FraudUids.rule(id, "early-input"))
                .name("early " + id + ": input"))
        .connect(live)
        .process(rule.function().apply(configured.versions()), ALERT)
        .uid(FraudUids.earlyRule(rule))
        .name("early " + id.id())
        .setBufferTimeout(FLUSH_EACH_RECORD);
  }

  private static <S extends FraudRule.Settings> List<SingleOutputStreamOperator<FraudAlert>> wire(
      FraudRules.Configured<S> configured,
      KeyedStream<PlayerEvent, String> timeline,
      DataStream<PlayerEvent> events,
      BroadcastStream<RuleConfig> live) {
    RuleVersions<S> versions = configured.versions();
    if (configured.rule() instanceof FraudRule.Keyed<S> k) {
      return List.of(keyed(timeline, k, versions, live));
    }
    FraudRule.Linked<S> l = (FraudRule.Linked<S>) configured.rule();
    List<SingleOutputStreamOperator<FraudAlert>> out = new ArrayList<>();
    for (FraudRule.Link<S> link : l.links()) {
      out.add(linked(events, l, link, versions, live));
    }
    return out;
  }

  private static KeyedStream<PlayerEvent, String> byUser(DataStream<PlayerEvent> s) {
    return DataStreamUtils.reinterpretAsKeyedStream(s, e -> e.userId, Types.STRING);
  }

  private static <S extends FraudRule.Settings> SingleOutputStreamOperator<FraudAlert> keyed(
      KeyedStream<PlayerEvent, String> timeline,
      FraudRule.Keyed<S> rule,
      RuleVersions<S> versions,
      BroadcastStream<RuleConfig> live) {
    RuleId id = rule.id();
    return byUser(
            timeline.filter(rule.accepts()).uid(FraudUids.rule(id, "input")).name(id + ": input"))
        .connect(live)
        .process(rule.function().apply(versions), ALERT)
        .uid(FraudUids.rule(rule))
        .name(id.id())
        .setBufferTimeout(FLUSH_EACH_RECORD);
  }

  private static <S extends FraudRule.Settings> SingleOutputStreamOperator<FraudAlert> linked(
      DataStream<PlayerEvent> events,
      FraudRule.Linked<S> rule,
      FraudRule.Link<S> link,
      RuleVersions<S> versions,
      BroadcastStream<RuleConfig> live) {
    RuleId id = rule.id();
    DataStream<PlayerEvent> sorted =
        events
            .filter(link.accepts())
            .uid(FraudUids.link(id, link.name(), "input"))
            .name(id + ": " + link.name() + " input")
            .keyBy(link.key(), Types.STRING)
            .process(EventTimeSorter.forEvents())
            .uid(FraudUids.link(id, link.name(), "timeline"))
            .name(id + ": " + link.name() + " timeline");
    return DataStreamUtils.reinterpretAsKeyedStream(sorted, link.key(), Types.STRING)
        .connect(live)
        .process(link.function().apply(versions), ALERT)
        .uid(FraudUids.link(id, link.name(), "rule"))
        .name(id + " by " + link.name())
        .setBufferTimeout(FLUSH_EACH_RECORD);
  }
}

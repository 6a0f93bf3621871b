package dev.croupier.jobs.fraud;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.udfs.fraud.EventTimeSorter;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerSignal;
import dev.croupier.udfs.fraud.rules.FraudRule;
import dev.croupier.udfs.fraud.rules.FraudRules;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;

/**
 * Wires the enabled rules, each as its {@link FraudRule} declares. Every per-player rule hangs off
 * one player timeline (events in event-time order, keyed by userId), each behind a filter that
 * passes only what it can use; the CEP rules see only the sparse signals their pre-aggregating
 * function makes. A linked rule (multi-accounting) has its own timelines keyed by each link. Uids
 * come from the rule's id ({@link FraudUids}).
 */
final class FraudRulesGraph {
  private static final AvroTypeInfo<FraudAlert> ALERT = new AvroTypeInfo<>(FraudAlert.class);

  private FraudRulesGraph() {}

  static DataStream<FraudAlert> alerts(FraudRules rules, DataStream<PlayerEvent> events) {
    KeyedStream<PlayerEvent, String> timeline =
        byUser(
            events
                .keyBy(e -> e.userId, Types.STRING)
                .process(EventTimeSorter.forEvents())
                .uid(FraudUids.PLAYER_TIMELINE)
                .name("player timeline (event-time order)"));
    List<DataStream<FraudAlert>> out = new ArrayList<>();
    for (FraudRules.Configured<?> rule : rules.enabledRules()) {
      out.addAll(wire(rule, timeline, events));
    }
    if (out.isEmpty()) {
      // Every rule switched off: an alert stream that never carries anything keeps the sinks wired.
      return events
          .filter(e -> false)
          .uid("fraud-no-rules")
          .name("no rules enabled")
          .map(e -> (FraudAlert) null, ALERT)
          .uid("fraud-no-alerts")
          .name("no alerts");
    }
    DataStream<FraudAlert> all = out.get(0);
    for (DataStream<FraudAlert> more : out.subList(1, out.size())) {
      all = all.union(more);
    }
    return all;
  }

  private static <S extends FraudRule.Settings> List<DataStream<FraudAlert>> wire(
      FraudRules.Configured<S> configured,
      KeyedStream<PlayerEvent, String> timeline,
      DataStream<PlayerEvent> events) {
    S s = configured.settings();
    FraudRule<S> rule = configured.rule();
    if (rule instanceof FraudRule.Keyed<S> k) {
      return List.of(keyed(timeline, k, s));
    }
    if (rule instanceof FraudRule.Cep<S> c) {
      return List.of(cep(timeline, c, s));
    }
    FraudRule.Linked<S> l = (FraudRule.Linked<S>) rule;
    List<DataStream<FraudAlert>> out = new ArrayList<>();
    for (FraudRule.Link<S> link : l.links()) {
      out.add(linked(events, l.id(), link, s));
    }
    return out;
  }

  private static KeyedStream<PlayerEvent, String> byUser(DataStream<PlayerEvent> s) {
    return DataStreamUtils.reinterpretAsKeyedStream(s, e -> e.userId, Types.STRING);
  }

  private static <S extends FraudRule.Settings> DataStream<FraudAlert> keyed(
      KeyedStream<PlayerEvent, String> timeline, FraudRule.Keyed<S> rule, S settings) {
    RuleId id = rule.id();
    return byUser(
            timeline.filter(rule.accepts()).uid(FraudUids.rule(id, "input")).name(id + ": input"))
        .process(rule.function().apply(settings), ALERT)
        .uid(FraudUids.rule(id, "rule"))
        .name(id.id());
  }

  private static <S extends FraudRule.Settings> DataStream<FraudAlert> cep(
      KeyedStream<PlayerEvent, String> timeline, FraudRule.Cep<S> rule, S settings) {
    RuleId id = rule.id();
    DataStream<PlayerSignal> s =
        byUser(
                timeline
                    .filter(rule.accepts())
                    .uid(FraudUids.rule(id, "input"))
                    .name(id + ": input"))
            .process(rule.signals().apply(settings), Types.POJO(PlayerSignal.class))
            .uid(FraudUids.rule(id, "signals"))
            .name(id + ": signals");
    KeyedStream<PlayerSignal, String> keyed =
        DataStreamUtils.reinterpretAsKeyedStream(s, x -> x.userId, Types.STRING);
    return CEP.pattern(keyed, rule.pattern().apply(settings))
        .inEventTime()
        .process(rule.matches().apply(settings), ALERT)
        .uid(FraudUids.rule(id, "cep"))
        .name(id + ": pattern");
  }

  private static <S extends FraudRule.Settings> DataStream<FraudAlert> linked(
      DataStream<PlayerEvent> events, RuleId id, FraudRule.Link<S> link, S settings) {
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
        .process(link.function().apply(settings), ALERT)
        .uid(FraudUids.link(id, link.name(), "rule"))
        .name(id + " by " + link.name());
  }
}

package dev.croupier.jobs.fraud;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.EventTimeSorter;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerSignal;
import dev.croupier.udfs.fraud.RuleId;
import dev.croupier.udfs.fraud.rules.AccountTakeover;
import dev.croupier.udfs.fraud.rules.BetVelocity;
import dev.croupier.udfs.fraud.rules.BonusAbuse;
import dev.croupier.udfs.fraud.rules.CardTesting;
import dev.croupier.udfs.fraud.rules.ChipDumping;
import dev.croupier.udfs.fraud.rules.FraudRules;
import dev.croupier.udfs.fraud.rules.ImpossibleTravel;
import dev.croupier.udfs.fraud.rules.MultiAccounting;
import dev.croupier.udfs.fraud.rules.MultiAccounting.Link;
import dev.croupier.udfs.fraud.rules.PayoutAnomaly;
import dev.croupier.udfs.fraud.rules.RapidCashout;
import dev.croupier.udfs.fraud.rules.StakeAnomaly;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * Wires the enabled rules. Every per-player rule hangs off one player timeline (events in
 * event-time order, keyed by userId), each behind a filter that passes only what it can use; the
 * CEP rules see only the sparse signals their pre-aggregating function makes. Multi-accounting has
 * its own timelines keyed by device and by payment instrument.
 */
final class FraudRulesGraph {
  private static final AvroTypeInfo<FraudAlert> ALERT = new AvroTypeInfo<>(FraudAlert.class);

  private FraudRulesGraph() {}

  static DataStream<FraudAlert> alerts(FraudRules r, DataStream<PlayerEvent> events) {
    KeyedStream<PlayerEvent, String> timeline =
        byUser(
            events
                .keyBy(e -> e.userId, Types.STRING)
                .process(EventTimeSorter.forEvents())
                .uid(FraudUids.PLAYER_TIMELINE)
                .name("player timeline (event-time order)"));
    List<DataStream<FraudAlert>> out = new ArrayList<>();
    if (r.rapidCashout().rule().enabled()) {
      out.add(
          cep(
              timeline,
              RuleId.RAPID_CASHOUT,
              RapidCashout::signalInput,
              RapidCashout.signals(r.rapidCashout()),
              RapidCashout.pattern(r.rapidCashout()),
              new RapidCashout.Matches(r.rapidCashout())));
    }
    if (r.betVelocity().rule().enabled()) {
      out.add(
          keyed(
              timeline,
              RuleId.BET_VELOCITY,
              BetVelocity::accepts,
              new BetVelocity(r.betVelocity())));
    }
    if (r.accountTakeover().rule().enabled()) {
      out.add(
          cep(
              timeline,
              RuleId.ACCOUNT_TAKEOVER,
              AccountTakeover::signalInput,
              AccountTakeover.signals(r.accountTakeover()),
              AccountTakeover.pattern(r.accountTakeover()),
              new AccountTakeover.Matches(r.accountTakeover())));
    }
    if (r.multiAccounting().rule().enabled()) {
      for (Link link : Link.values()) {
        out.add(multiAccounting(events, link, r.multiAccounting()));
      }
    }
    if (r.cardTesting().rule().enabled()) {
      out.add(
          cep(
              timeline,
              RuleId.CARD_TESTING,
              CardTesting::signalInput,
              CardTesting.signals(r.cardTesting()),
              CardTesting.pattern(r.cardTesting()),
              new CardTesting.Matches(r.cardTesting())));
    }
    if (r.bonusAbuse().rule().enabled()) {
      out.add(
          cep(
              timeline,
              RuleId.BONUS_ABUSE,
              BonusAbuse::signalInput,
              BonusAbuse.signals(r.bonusAbuse()),
              BonusAbuse.pattern(r.bonusAbuse()),
              new BonusAbuse.Matches(r.bonusAbuse())));
    }
    if (r.stakeAnomaly().rule().enabled()) {
      out.add(
          keyed(
              timeline,
              RuleId.STAKE_ANOMALY,
              StakeAnomaly::accepts,
              new StakeAnomaly(r.stakeAnomaly())));
    }
    if (r.impossibleTravel().rule().enabled()) {
      out.add(
          keyed(
              timeline,
              RuleId.IMPOSSIBLE_TRAVEL,
              ImpossibleTravel::accepts,
              new ImpossibleTravel(r.impossibleTravel())));
    }
    if (r.payoutAnomaly().rule().enabled()) {
      out.add(
          keyed(
              timeline,
              RuleId.PAYOUT_ANOMALY,
              PayoutAnomaly::accepts,
              new PayoutAnomaly(r.payoutAnomaly())));
    }
    if (r.chipDumping().rule().enabled()) {
      out.add(
          keyed(
              timeline,
              RuleId.CHIP_DUMPING,
              ChipDumping::accepts,
              new ChipDumping(r.chipDumping())));
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

  private static KeyedStream<PlayerEvent, String> byUser(DataStream<PlayerEvent> s) {
    return DataStreamUtils.reinterpretAsKeyedStream(s, e -> e.userId, Types.STRING);
  }

  private static DataStream<FraudAlert> keyed(
      KeyedStream<PlayerEvent, String> timeline,
      RuleId rule,
      FilterFunction<PlayerEvent> accepts,
      KeyedProcessFunction<String, PlayerEvent, FraudAlert> fn) {
    return byUser(
            timeline.filter(accepts).uid(FraudUids.rule(rule, "input")).name(rule.id() + ": input"))
        .process(fn, ALERT)
        .uid(FraudUids.rule(rule, "rule"))
        .name(rule.id());
  }

  private static DataStream<FraudAlert> cep(
      KeyedStream<PlayerEvent, String> timeline,
      RuleId rule,
      FilterFunction<PlayerEvent> accepts,
      KeyedProcessFunction<String, PlayerEvent, PlayerSignal> signals,
      Pattern<PlayerSignal, ?> pattern,
      PatternProcessFunction<PlayerSignal, FraudAlert> matches) {
    DataStream<PlayerSignal> s =
        byUser(
                timeline
                    .filter(accepts)
                    .uid(FraudUids.rule(rule, "input"))
                    .name(rule.id() + ": input"))
            .process(signals, Types.POJO(PlayerSignal.class))
            .uid(FraudUids.rule(rule, "signals"))
            .name(rule.id() + ": signals");
    KeyedStream<PlayerSignal, String> keyed =
        DataStreamUtils.reinterpretAsKeyedStream(s, x -> x.userId, Types.STRING);
    return CEP.pattern(keyed, pattern)
        .inEventTime()
        .process(matches, ALERT)
        .uid(FraudUids.rule(rule, "cep"))
        .name(rule.id() + ": pattern");
  }

  private static DataStream<FraudAlert> multiAccounting(
      DataStream<PlayerEvent> events, Link link, MultiAccounting.Settings settings) {
    DataStream<PlayerEvent> sorted =
        events
            .filter(link::accepts)
            .uid(FraudUids.link(link, "input"))
            .name("multi-accounting: " + link + " input")
            .keyBy(link::of, Types.STRING)
            .process(EventTimeSorter.forEvents())
            .uid(FraudUids.link(link, "timeline"))
            .name("multi-accounting: " + link + " timeline");
    return DataStreamUtils.reinterpretAsKeyedStream(sorted, link::of, Types.STRING)
        .process(new MultiAccounting(settings, link), ALERT)
        .uid(FraudUids.link(link, "rule"))
        .name("multi-accounting by " + link);
  }
}

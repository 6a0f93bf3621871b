package dev.croupier.jobs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.common.EmptyInputs;
import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.udfs.config.ConfigValues;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class FraudRulesGraphTest {

  /** The uids of the job graph built with {@code overrides}. */
  private static List<String> uids(Map<String, String> overrides) {
    return graph(overrides).getStreamGraph().getStreamNodes().stream()
        .map(StreamNode::getTransformationUID)
        .toList();
  }

  /** The job built with {@code overrides} on a fresh environment, sinks discarding. */
  private static StreamExecutionEnvironment graph(Map<String, String> overrides) {
    FraudJobConfig cfg =
        FraudJobConfig.from(
            ConfigValues.of(
                    Map.of("kafka.bootstrap-servers", "k:9092", "registry.url", "http://r:8080"))
                .with(overrides));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    FraudDetectionJob.Inputs in =
        new FraudDetectionJob.Inputs(
            EmptyInputs.of(env, BetPlaced.class, "in-bets"),
            EmptyInputs.of(env, BetSettled.class, "in-rounds"),
            EmptyInputs.of(env, PaymentEvent.class, "in-payments"),
            EmptyInputs.of(env, AccountEvent.class, "in-accounts"),
            EmptyInputs.of(env, RuleConfig.class, "in-rules"));
    Sink<?> discard = new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>();
    FraudDetectionJob.sinkTo(
        FraudDetectionJob.build(in, cfg),
        new FraudDetectionJob.Sinks(
            cast(discard),
            cast(discard),
            cast(discard),
            cast(discard),
            cast(discard),
            cast(discard)));
    return env;
  }

  @SuppressWarnings("unchecked")
  private static <T> Sink<T> cast(Sink<?> s) {
    return (Sink<T>) s;
  }

  @Test
  void shouldFlushRuleVersionsAndAlertsAtOnceAndBufferTheEvents() {
    Map<String, Long> timeouts = new java.util.HashMap<>();
    for (StreamNode n : graph(Map.of()).getStreamGraph().getStreamNodes()) {
      timeouts.put(n.getTransformationUID(), n.getBufferTimeout());
    }
    // Rare records, rule versions and alerts: no flusher thread per output, no wait per hop.
    assertThat(
            List.of(
                FraudUids.RULES_ROUTER,
                FraudUids.RULES_CHECK,
                FraudUids.RULES_WITHOUT_EVENT_TIME,
                FraudUids.ALERT_ORDER,
                FraudUids.ALERT_COOL_DOWN,
                FraudUids.SHADOW_ALERT_ORDER,
                FraudUids.SHADOW_ALERT_COOL_DOWN,
                FraudUids.EARLY_ALERT_COOL_DOWN))
        .allSatisfy(uid -> assertThat(timeouts).containsEntry(uid, 0L));
    // every rule's stateful operator, on both tracks, and the linked rules' per link
    assertThat(timeouts.entrySet())
        .filteredOn(e -> e.getKey().matches("fraud-.*-rule(-v\\d+)?"))
        .hasSizeGreaterThanOrEqualTo(20)
        .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isZero());
    // Every event: buffered up to the job's timeout.
    assertThat(timeouts.get(FraudUids.PLAYER_TIMELINE)).isPositive();
    assertThat(timeouts.get(FraudUids.EARLY_TIMELINE)).isPositive();
  }

  @Test
  void shouldGiveEveryOperatorAUniqueUidAndWireEveryRule() {
    List<String> uids = uids(Map.of());
    assertThat(uids).doesNotContainNull().doesNotHaveDuplicates();
    assertThat(uids)
        .contains(
            FraudUids.PLAYER_TIMELINE,
            FraudUids.ALERT_COOL_DOWN,
            FraudUids.ALERTS_KAFKA_SINK,
            FraudUids.ALERTS_REDIS_SINK,
            FraudUids.DLQ_SINK,
            FraudUids.RULES_ROUTER,
            FraudUids.RULES_CHECK,
            FraudUids.RULES_WITHOUT_EVENT_TIME,
            FraudUids.SHADOW_ALERT_ORDER,
            FraudUids.SHADOW_ALERT_COOL_DOWN,
            FraudUids.SHADOW_ALERTS_KAFKA_SINK,
            FraudUids.SHADOW_ALERTS_REDIS_SINK,
            "fraud-rapid-cashout-rule",
            "fraud-account-takeover-rule",
            "fraud-card-testing-rule",
            "fraud-bonus-abuse-rule",
            "fraud-bet-velocity-rule",
            "fraud-stake-anomaly-rule-v2",
            "fraud-impossible-travel-rule",
            "fraud-payout-anomaly-rule",
            "fraud-chip-dumping-rule",
            "fraud-multi-accounting-device-rule",
            "fraud-multi-accounting-instrument-rule");
  }

  @Test
  void shouldWireTheEarlyTrackForPlayerTimelineRulesOnlyAndDropItWhenSwitchedOff() {
    List<String> on = uids(Map.of());
    assertThat(on)
        .contains(
            FraudUids.EARLY_TIMELINE,
            FraudUids.EARLY_ALERT_COOL_DOWN,
            FraudUids.EARLY_ALERT_CONFIRMATION,
            FraudUids.EARLY_ALERTS_REDIS_SINK,
            "fraud-bet-velocity-early-rule",
            "fraud-stake-anomaly-early-rule-v2")
        .noneMatch(u -> u.startsWith("fraud-multi-accounting") && u.contains("early"));
    List<String> off = uids(Map.of("fraud.early-alerts", "false"));
    assertThat(off).noneMatch(u -> u.contains("early"));
    // Switching it off leaves every other operator (and so its state in a savepoint) as it was
    assertThat(on).containsAll(off);
  }

  @Test
  void shouldLeaveTheEnvironmentAsItWasGiven() {
    // Object reuse is JobEnvironment's to set: a build that tests call must not switch it on
    assertThat(graph(Map.of()).getConfig().isObjectReuseEnabled()).isFalse();
  }

  @Test
  void shouldWireASwitchedOffRuleSoThatRiskRulesCanSwitchItOn() {
    // A rule off in the file keeps its operators (idle): a push to risk.rules needs no restart
    assertThat(uids(Map.of("fraud.rule.chip-dumping.mode", "off")))
        .containsExactlyInAnyOrderElementsOf(uids(Map.of()));
  }

  @Test
  void shouldKeepTheUidsThatSavepointsOfTheCepVersionHold() {
    // The uids of stateful operators whose state carried over from the job before live rules
    assertThat(uids(Map.of()))
        .contains(
            "fraud-bet-velocity-rule",
            "fraud-payout-anomaly-rule",
            "fraud-chip-dumping-rule",
            "fraud-impossible-travel-rule",
            "fraud-multi-accounting-device-rule",
            "fraud-multi-accounting-device-timeline",
            "fraud-alert-order",
            "fraud-alert-cool-down",
            "fraud-player-timeline")
        .noneMatch(u -> u.endsWith("-cep") || u.endsWith("-signals"))
        .doesNotContain("fraud-stake-anomaly-rule");
  }
}

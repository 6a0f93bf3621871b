package dev.croupier.udfs.fraud.live;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.fraud.RuleConfigs;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.wire.DeadLetterReason;
import dev.croupier.schemas.wire.DeadLetters;
import dev.croupier.udfs.dlq.DeadLetterCounters;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.fraud.rules.FraudRules;
import dev.croupier.udfs.metrics.CroupierMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, once, which {@code risk.rules} records the fraud job runs; keyed by rule id, so one
 * rule's records are judged in the order they were written. A record is accepted when the rule
 * exists, the record may follow the live one ({@link RuleConfigs#check}: versions only go forward,
 * a version keeps its settings) and both its definitions parse with the rule's own parser; then it
 * goes on to be broadcast to the rules and cool-downs. Otherwise it goes to the dead-letter output
 * with reason {@code rule-rejected} and the reason in the detail, and the live version stays. A
 * record equal to the live one is dropped (a repeated push). Keeps the last accepted record per
 * rule (a handful of rules: bounded).
 */
public final class RuleConfigCheck extends KeyedProcessFunction<String, RuleConfig, RuleConfig>
    implements ResultTypeQueryable<RuleConfig> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RuleConfigCheck.class);

  private final Map<String, RuleVersions<?>> rules;
  private final Topic<RuleConfig> topic;
  private final DeadLetters deadLetters;
  private transient ValueState<RuleConfig> accepted;
  private transient DeadLetterCounters rejected;
  private transient Counter acceptedCount;

  /** Checks records of {@code topic} (under its configured name) against {@code rules}. */
  public RuleConfigCheck(FraudRules rules, Topic<RuleConfig> topic, String job) {
    this.rules = new LinkedHashMap<>(rules.versionsById());
    this.topic = topic;
    this.deadLetters = new DeadLetters(job);
  }

  @Override
  public void open(OpenContext openContext) {
    accepted =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("accepted-rule", new AvroTypeInfo<>(RuleConfig.class)));
    rejected =
        DeadLetterCounters.register(
            getRuntimeContext().getMetricGroup(), DeadLetterReason.RULE_REJECTED);
    acceptedCount =
        CroupierMetrics.of(getRuntimeContext().getMetricGroup()).counter("rulesAccepted");
  }

  @Override
  public void processElement(RuleConfig next, Context ctx, Collector<RuleConfig> out)
      throws Exception {
    RuleVersions<?> rule = rules.get(next.getRuleId());
    if (rule == null) {
      reject(
          next,
          "rule '" + next.getRuleId() + "' is unknown: expected one of " + rules.keySet(),
          ctx);
      return;
    }
    RuleConfig live = RuleConfigs.live(rule.fromFile(), accepted.value());
    RuleConfigs.Verdict verdict = RuleConfigs.check(live, next);
    if (verdict instanceof RuleConfigs.Verdict.Reject r) {
      reject(next, r.reason(), ctx);
      return;
    }
    if (verdict instanceof RuleConfigs.Verdict.Unchanged) {
      LOG.info(
          "Rule {} version {}: already live, nothing to do", next.getRuleId(), next.getVersion());
      return;
    }
    try {
      rule.parse(next, "'" + topic.name() + "' version " + next.getVersion());
    } catch (IllegalArgumentException e) {
      reject(next, e.getMessage(), ctx);
      return;
    }
    accepted.update(next);
    acceptedCount.inc();
    LOG.info(
        "Rule {} version {} ({}) accepted{}",
        next.getRuleId(),
        next.getVersion(),
        next.getMode(),
        next.getShadow() == null ? "" : ", shadow version " + next.getShadow().getVersion());
    out.collect(next);
  }

  private void reject(RuleConfig record, String reason, Context ctx) {
    rejected.count(DeadLetterReason.RULE_REJECTED);
    LOG.warn(
        "Rule {} version {} rejected, the live version stays: {}",
        record.getRuleId(),
        record.getVersion(),
        reason);
    DeadLetter dl =
        deadLetters.of(topic, record, DeadLetterReason.RULE_REJECTED, reason, ctx.timestamp());
    ctx.output(DeadLetterOutput.TAG, dl);
  }

  @Override
  public TypeInformation<RuleConfig> getProducedType() {
    return new AvroTypeInfo<>(RuleConfig.class);
  }
}

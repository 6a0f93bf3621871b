package dev.croupier.jobs.fraud;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.udfs.fraud.rules.FraudRule;

/**
 * Every operator uid of the fraud job, in one place: savepoints depend on them never changing. A
 * rule's operators are named after its id, so a rule keeps its state across upgrades as long as its
 * id and shape stay.
 */
public final class FraudUids {
  public static final String BETS_SOURCE = "fraud-bets-source";
  public static final String ROUNDS_SOURCE = "fraud-rounds-source";
  public static final String PAYMENTS_SOURCE = "fraud-payments-source";
  public static final String ACCOUNTS_SOURCE = "fraud-accounts-source";
  public static final String PLAYER_TIMELINE = "fraud-player-timeline";
  public static final String ALERT_ORDER = "fraud-alert-order";
  public static final String ALERT_COOL_DOWN = "fraud-alert-cool-down";
  public static final String ALERTS_KAFKA_SINK = "fraud-alerts-kafka-sink";
  public static final String ALERTS_REDIS_SINK = "fraud-alerts-redis-sink";
  public static final String DLQ_SINK = "fraud-dlq-sink";
  public static final String RULES_SOURCE = "fraud-rules-source";
  public static final String RULES_ROUTER = "fraud-rules-router";
  public static final String RULES_CHECK = "fraud-rules-check";
  public static final String RULES_WITHOUT_EVENT_TIME = "fraud-rules-without-event-time";
  public static final String SHADOW_ALERT_ORDER = "fraud-shadow-alert-order";
  public static final String SHADOW_ALERT_COOL_DOWN = "fraud-shadow-alert-cool-down";
  public static final String SHADOW_ALERTS_KAFKA_SINK = "fraud-shadow-alerts-kafka-sink";
  public static final String SHADOW_ALERTS_REDIS_SINK = "fraud-shadow-alerts-redis-sink";

  public static final String EARLY_TIMELINE = "fraud-early-timeline";
  public static final String EARLY_ALERT_COOL_DOWN = "fraud-early-alert-cool-down";
  public static final String EARLY_ALERT_CONFIRMATION = "fraud-early-alert-confirmation";
  public static final String EARLY_ALERTS_REDIS_SINK = "fraud-early-alerts-redis-sink";

  private FraudUids() {}

  /** Dead-letter router of an input, e.g. {@code fraud-bets-router}. */
  public static String router(Topic<?> input) {
    return "fraud-" + input.id() + "-router";
  }

  /** Late-event gate of an input, e.g. {@code fraud-bets-gate}. */
  public static String gate(Topic<?> input) {
    return "fraud-" + input.id() + "-gate";
  }

  /** An operator of a rule: {@code fraud-<rule>-<part>}, e.g. fraud-rapid-cashout-input. */
  public static String rule(RuleId rule, String part) {
    return "fraud-" + rule.id() + "-" + part;
  }

  /**
   * The stateful operator of a player-timeline rule: {@code fraud-<rule>-rule}, or {@code
   * fraud-<rule>-rule-v<n>} once the rule's state layout changed ({@code stateVersion} n &gt; 1),
   * e.g. fraud-stake-anomaly-rule-v2: a savepoint of the old layout is then never read as the new.
   */
  public static String rule(FraudRule.Keyed<?> rule) {
    return rule(rule.id(), rule.stateVersion() == 1 ? "rule" : "rule-v" + rule.stateVersion());
  }

  /**
   * The early-alert track's copy of a player-timeline rule: {@code fraud-<rule>-early-rule}, with
   * the same {@code -v<n>} suffix as {@link #rule(FraudRule.Keyed)}.
   */
  public static String earlyRule(FraudRule.Keyed<?> rule) {
    return rule(
        rule.id(), rule.stateVersion() == 1 ? "early-rule" : "early-rule-v" + rule.stateVersion());
  }

  /**
   * An operator of a linked rule for one link: {@code fraud-<rule>-<link>-<part>}, e.g.
   * fraud-multi-accounting-device-rule.
   */
  public static String link(RuleId rule, String link, String part) {
    return "fraud-" + rule.id() + "-" + link + "-" + part;
  }
}

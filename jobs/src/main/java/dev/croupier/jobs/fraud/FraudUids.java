package dev.croupier.jobs.fraud;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.topics.Topic;

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

  private FraudUids() {}

  /** Dead-letter router of an input, e.g. {@code fraud-bets-router}. */
  public static String router(Topic<?> input) {
    return "fraud-" + input.id() + "-router";
  }

  /** Late-event gate of an input, e.g. {@code fraud-bets-gate}. */
  public static String gate(Topic<?> input) {
    return "fraud-" + input.id() + "-gate";
  }

  /** An operator of a rule: {@code fraud-<rule>-<part>}, e.g. fraud-rapid-cashout-cep. */
  public static String rule(RuleId rule, String part) {
    return "fraud-" + rule.id() + "-" + part;
  }

  /**
   * An operator of a linked rule for one link: {@code fraud-<rule>-<link>-<part>}, e.g.
   * fraud-multi-accounting-device-rule.
   */
  public static String link(RuleId rule, String link, String part) {
    return "fraud-" + rule.id() + "-" + link + "-" + part;
  }
}

package dev.croupier.jobs.fraud;

import dev.croupier.schemas.topics.Topic;
import dev.croupier.udfs.fraud.RuleId;
import dev.croupier.udfs.fraud.rules.MultiAccounting.Link;
import java.util.Locale;

/** Every operator uid of the fraud job, in one place: savepoints depend on them never changing. */
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

  /** An operator of multi-accounting for one link. */
  public static String link(Link link, String part) {
    return "fraud-multi-accounting-" + link.name().toLowerCase(Locale.ROOT) + "-" + part;
  }
}

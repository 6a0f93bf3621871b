package dev.croupier.schemas.topics;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.rules.FieldRule;
import dev.croupier.schemas.rules.FieldRules;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The platform's topics, the one registry of them: default names (docs/ARCHITECTURE.md), record
 * classes, keys, field rules and compaction. Jobs that run against other names derive them with
 * {@link Topic#named(String)} (config key {@link Topic#configKey()}); the contract stays.
 */
public final class Topics {

  public static final Topic<BetPlaced> BETS =
      new Topic<>(
          "bets",
          "platform.bets",
          BetPlaced.class,
          BetPlaced::getUserId,
          r -> r.getOccurredAt().toEpochMilli(),
          FieldRules::betPlaced,
          false);
  public static final Topic<BetSettled> ROUNDS =
      new Topic<>(
          "rounds",
          "platform.rounds",
          BetSettled.class,
          BetSettled::getUserId,
          r -> r.getOccurredAt().toEpochMilli(),
          FieldRules::betSettled,
          false);
  public static final Topic<PaymentEvent> PAYMENTS =
      new Topic<>(
          "payments",
          "platform.payments",
          PaymentEvent.class,
          PaymentEvent::getUserId,
          r -> r.getOccurredAt().toEpochMilli(),
          FieldRules::payment,
          false);
  public static final Topic<AccountEvent> ACCOUNTS =
      new Topic<>(
          "accounts",
          "platform.accounts",
          AccountEvent.class,
          AccountEvent::getUserId,
          r -> r.getOccurredAt().toEpochMilli(),
          FieldRules::account,
          false);
  public static final Topic<FraudAlert> ALERTS =
      new Topic<>(
          "alerts",
          "risk.alerts",
          FraudAlert.class,
          FraudAlert::getUserId,
          null,
          FieldRule.none(),
          false);

  /** Compacted: the latest balance per player is the view. */
  public static final Topic<BalanceUpdated> BALANCES =
      new Topic<>(
          "balances",
          "platform.balances",
          BalanceUpdated.class,
          BalanceUpdated::getUserId,
          null,
          FieldRule.none(),
          true);

  /** Un-keyed: a dead letter belongs to no player. */
  public static final Topic<DeadLetter> DLQ =
      new Topic<>("dlq", "platform.dlq", DeadLetter.class, null, null, FieldRule.none(), false);

  /**
   * Compacted control topic: the latest accepted {@link RuleConfig} of each rule is what the fraud
   * job runs (docs/fraud.md, "Live rules").
   */
  public static final Topic<RuleConfig> RULES =
      new Topic<>(
          "rules",
          "risk.rules",
          RuleConfig.class,
          RuleConfig::getRuleId,
          null,
          FieldRules::ruleConfig,
          true);

  /** Alerts of rule versions in SHADOW mode: the same record as risk.alerts, never on it. */
  public static final Topic<FraudAlert> SHADOW_ALERTS =
      new Topic<>(
          "shadow-alerts",
          "risk.alerts.shadow",
          FraudAlert.class,
          FraudAlert::getUserId,
          null,
          FieldRule.none(),
          false);

  /** The platform's input topics, in this order everywhere. */
  public static final List<Topic<?>> INPUTS = List.of(BETS, ROUNDS, PAYMENTS, ACCOUNTS);

  /** Every topic, inputs first. */
  public static final List<Topic<?>> ALL =
      List.of(BETS, ROUNDS, PAYMENTS, ACCOUNTS, ALERTS, BALANCES, DLQ, RULES, SHADOW_ALERTS);

  private Topics() {}

  /**
   * The input topic with the default name {@code name}; fails naming the input topics otherwise.
   */
  public static Topic<?> input(String name) {
    for (Topic<?> t : INPUTS) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown topic '"
            + name
            + "', expected one of "
            + INPUTS.stream().map(Topic::name).collect(Collectors.joining(", ")));
  }
}

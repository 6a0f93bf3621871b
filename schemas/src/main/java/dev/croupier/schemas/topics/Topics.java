package dev.croupier.schemas.topics;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.rules.FieldRule;
import dev.croupier.schemas.rules.FieldRules;
import java.util.List;

/**
 * The platform's topics with their default names (see DESIGN.md). Jobs that run against other names
 * derive them with {@link Topic#named(String)}; the record class, key and rules stay.
 */
public final class Topics {

  public static final Topic<BetPlaced> BETS =
      new Topic<>("platform.bets", BetPlaced.class, BetPlaced::getUserId, FieldRules::betPlaced);
  public static final Topic<BetSettled> ROUNDS =
      new Topic<>(
          "platform.rounds", BetSettled.class, BetSettled::getUserId, FieldRules::betSettled);
  public static final Topic<PaymentEvent> PAYMENTS =
      new Topic<>(
          "platform.payments", PaymentEvent.class, PaymentEvent::getUserId, FieldRules::payment);
  public static final Topic<AccountEvent> ACCOUNTS =
      new Topic<>(
          "platform.accounts", AccountEvent.class, AccountEvent::getUserId, FieldRules::account);
  public static final Topic<FraudAlert> ALERTS =
      new Topic<>("risk.alerts", FraudAlert.class, FraudAlert::getUserId, FieldRule.none());
  public static final Topic<BalanceUpdated> BALANCES =
      new Topic<>(
          "platform.balances", BalanceUpdated.class, BalanceUpdated::getUserId, FieldRule.none());

  /** Un-keyed: a dead letter belongs to no player. */
  public static final Topic<DeadLetter> DLQ =
      new Topic<>("platform.dlq", DeadLetter.class, null, FieldRule.none());

  /** Every topic, inputs first. */
  public static final List<Topic<?>> ALL =
      List.of(BETS, ROUNDS, PAYMENTS, ACCOUNTS, ALERTS, BALANCES, DLQ);

  private Topics() {}
}

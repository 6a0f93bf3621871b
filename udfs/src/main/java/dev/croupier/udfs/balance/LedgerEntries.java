package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Maps the three money-moving events onto {@link LedgerEntry} through {@link BalanceRule}. The
 * {@code bets/settlements/payments} factories give the MapFunctions a job plugs in after each
 * source.
 */
public final class LedgerEntries {
  private LedgerEntries() {}

  public static LedgerEntry of(BetPlaced b, String topic) {
    LedgerEntry e =
        new LedgerEntry(
            b.getEventId(),
            b.getUserId(),
            b.getOccurredAt().toEpochMilli(),
            b.getCurrency(),
            topic);
    BalanceRule.BET_PLACED.applyTo(e, b.getStake());
    return e;
  }

  public static LedgerEntry of(BetSettled s, String topic) {
    LedgerEntry e =
        new LedgerEntry(
            s.getEventId(),
            s.getUserId(),
            s.getOccurredAt().toEpochMilli(),
            s.getCurrency(),
            topic);
    BalanceRule.BET_SETTLED.applyTo(
        e, BalanceRule.settlementCredit(s.getOutcome(), s.getStake(), s.getPayout()));
    return e;
  }

  public static LedgerEntry of(PaymentEvent p, String topic) {
    LedgerEntry e =
        new LedgerEntry(
            p.getEventId(),
            p.getUserId(),
            p.getOccurredAt().toEpochMilli(),
            p.getCurrency(),
            topic);
    BalanceRule.payment(p.getKind(), p.getStatus()).applyTo(e, p.getAmount());
    return e;
  }

  public static MapFunction<BetPlaced, LedgerEntry> bets(String topic) {
    return b -> of(b, topic);
  }

  public static MapFunction<BetSettled, LedgerEntry> settlements(String topic) {
    return s -> of(s, topic);
  }

  public static MapFunction<PaymentEvent, LedgerEntry> payments(String topic) {
    return p -> of(p, topic);
  }
}

package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.wire.RawRecord;
import dev.croupier.udfs.kafka.DecodedRecords;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Maps the three money-moving events onto {@link LedgerEntry} through {@link BalanceRule}. The
 * {@code bets/settlements/payments} factories give the MapFunctions a job plugs in after each
 * source; chained to it, they also copy where each record was read ({@link DecodedRecords}; only
 * with object reuse: a chained hop that copies the record hands on an object it does not know). A
 * payment whose kind or status is {@code UNKNOWN} (a symbol a newer producer added) gets no effect
 * and is flagged, for the ledger to dead-letter: its meaning for the balance is not known.
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
    return withProvenance(e, b);
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
    return withProvenance(e, s);
  }

  public static LedgerEntry of(PaymentEvent p, String topic) {
    LedgerEntry e =
        new LedgerEntry(
            p.getEventId(),
            p.getUserId(),
            p.getOccurredAt().toEpochMilli(),
            p.getCurrency(),
            topic);
    if (p.getKind() == PaymentKind.UNKNOWN || p.getStatus() == PaymentStatus.UNKNOWN) {
      e.setUnknownSymbol("payment kind " + p.getKind() + ", status " + p.getStatus());
    } else {
      BalanceRule.payment(p.getKind(), p.getStatus()).applyTo(e, p.getAmount());
    }
    return withProvenance(e, p);
  }

  /** Copies partition, offset, timestamp and bytes when {@code record} is being read right now. */
  private static LedgerEntry withProvenance(LedgerEntry e, Object record) {
    RawRecord raw = DecodedRecords.rawOf(record);
    if (raw != null) {
      e.setPartition(raw.partition());
      e.setOffset(raw.offset());
      e.setRecordTimestamp(raw.timestamp());
      e.setValue(raw.value());
    }
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

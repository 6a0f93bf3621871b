package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.wire.DeadLetterReason;
import dev.croupier.schemas.wire.DeadLetters;
import dev.croupier.udfs.dlq.DeadLetterCounters;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.metrics.CroupierMetrics;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The balance ledger, keyed by userId: applies every {@link LedgerEntry} exactly once by eventId
 * and emits the player's {@link BalanceUpdated} with the next seq. Duplicates are dropped; an event
 * in another currency than the player's (fixed by the first event applied) or one that would
 * overflow a sum goes to {@link #DEAD_LETTERS}. An event with no effect is remembered for dedup and
 * fixes the currency, but emits nothing and takes no seq.
 */
public final class BalanceLedger extends KeyedProcessFunction<String, LedgerEntry, BalanceUpdated> {
  private static final long serialVersionUID = 1L;

  /**
   * Where the ledger's dead letters go: the shared {@link DeadLetterOutput#TAG}, reasons {@code
   * currency-mismatch} and {@code field-rule} (an amount that would overflow a sum).
   */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = DeadLetterOutput.TAG;

  private final Duration dedupTtl;
  private final DeadLetters deadLetters;

  private transient ValueState<PlayerBalance> balance;
  private transient MapState<String, Boolean> seenEventIds;
  private transient Counter applied;
  private transient Counter withoutEffect;
  private transient Counter duplicates;
  private transient DeadLetterCounters deadLetterCounters;

  /** {@code dedupTtl}: how long an eventId is remembered (processing time since it was applied). */
  public BalanceLedger(Duration dedupTtl, String jobName) {
    if (dedupTtl == null || dedupTtl.isZero() || dedupTtl.isNegative()) {
      throw new IllegalArgumentException("dedupTtl must be positive, was " + dedupTtl);
    }
    this.dedupTtl = dedupTtl;
    this.deadLetters = new DeadLetters(Objects.requireNonNull(jobName, "jobName"));
  }

  @Override
  public void open(OpenContext ctx) {
    // No TTL on the balance itself: a player's money must not vanish after a quiet spell.
    balance =
        getRuntimeContext().getState(new ValueStateDescriptor<>("balance", PlayerBalance.class));
    MapStateDescriptor<String, Boolean> seen =
        new MapStateDescriptor<>("seen-event-ids", String.class, Boolean.class);
    // Duplicates arrive within minutes to days of the original; each id is forgotten dedupTtl after
    // it was applied.
    seen.enableTimeToLive(
        StateTtlConfig.newBuilder(dedupTtl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    seenEventIds = getRuntimeContext().getMapState(seen);
    MetricGroup operator = getRuntimeContext().getMetricGroup();
    MetricGroup g = CroupierMetrics.of(operator);
    applied = g.counter("eventsApplied");
    withoutEffect = g.counter("eventsWithoutEffect");
    duplicates = g.counter("duplicatesDropped");
    deadLetterCounters =
        DeadLetterCounters.register(
            operator, DeadLetterReason.CURRENCY_MISMATCH, DeadLetterReason.FIELD_RULE);
  }

  @Override
  public void processElement(LedgerEntry e, Context ctx, Collector<BalanceUpdated> out)
      throws Exception {
    if (seenEventIds.contains(e.getEventId())) {
      duplicates.inc();
      return;
    }
    PlayerBalance current = balance.value();
    if (current != null && !current.getCurrency().equals(e.getCurrency())) {
      deadLetterCounters.count(DeadLetterReason.CURRENCY_MISMATCH);
      ctx.output(
          DEAD_LETTERS,
          deadLetter(
              e,
              DeadLetterReason.CURRENCY_MISMATCH,
              "event "
                  + e.getEventId()
                  + " is in "
                  + e.getCurrency()
                  + " but the player's currency is "
                  + current.getCurrency()));
      return;
    }
    PlayerBalance next = current == null ? PlayerBalance.opening(e.getCurrency()) : current;
    if (e.hasNoEffect()) {
      seenEventIds.put(e.getEventId(), Boolean.TRUE);
      withoutEffect.inc();
      applied.inc();
      if (current == null) {
        balance.update(next); // the first event fixes the currency even when it moves nothing
      }
      return;
    }
    try {
      next.apply(e);
    } catch (ArithmeticException overflow) {
      deadLetterCounters.count(DeadLetterReason.FIELD_RULE);
      ctx.output(
          DEAD_LETTERS,
          deadLetter(
              e,
              DeadLetterReason.FIELD_RULE,
              "event " + e.getEventId() + " would overflow the player's balance or totals"));
      return;
    }
    seenEventIds.put(e.getEventId(), Boolean.TRUE);
    balance.update(next);
    applied.inc();
    out.collect(next.toUpdate(ctx.getCurrentKey()));
  }

  /**
   * The Kafka coordinates and raw bytes are gone by now, and the ledger sees only the normalised
   * entry: the dead letter names topic, player, time and (in the detail) the event.
   */
  private DeadLetter deadLetter(LedgerEntry e, DeadLetterReason reason, String detail) {
    return deadLetters.withoutValue(
        e.getSourceTopic(), e.getUserId(), reason, detail, e.getOccurredAt());
  }
}

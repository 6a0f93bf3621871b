package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.wire.DeadLetterReason;
import dev.croupier.schemas.wire.DeadLetters;
import dev.croupier.schemas.wire.RawRecord;
import dev.croupier.schemas.wire.WireFormat;
import dev.croupier.udfs.dlq.DeadLetterCounters;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.metrics.CroupierMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
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
import org.apache.flink.util.MathUtils;
import org.apache.flink.util.OutputTag;

/**
 * The balance ledger, keyed by userId: applies every {@link LedgerEntry} exactly once by eventId
 * and emits the player's {@link BalanceUpdated} with the next seq. Duplicates are dropped; an event
 * in another currency than the player's (fixed by the first event applied), one that would overflow
 * a sum, or a payment whose kind or status this version does not know goes to {@link
 * #DEAD_LETTERS}, with the record as it was read when the ledger has it. A dead-lettered event is
 * remembered like an applied one, so a producer's resend or a replay does not dead-letter it again.
 * An event with no effect is remembered for dedup and fixes the currency, but emits nothing and
 * takes no seq.
 */
public final class BalanceLedger extends KeyedProcessFunction<String, LedgerEntry, BalanceUpdated> {
  private static final long serialVersionUID = 1L;

  /**
   * Where the ledger's dead letters go: the shared {@link DeadLetterOutput#TAG}, reasons {@code
   * currency-mismatch}, {@code amount-overflow} (an amount that would overflow a sum) and {@code
   * unknown-symbol}.
   */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = DeadLetterOutput.TAG;

  /** On average every this many new events of a player, its expired eventIds are swept. */
  static final int SWEEP_EVERY = 128;

  private final Duration dedupTtl;
  private final DeadLetters deadLetters;
  private final boolean sweepExpiredIds;

  private transient ValueState<PlayerBalance> balance;
  private transient MapState<String, Boolean> seenEventIds;
  private transient Counter applied;
  private transient Counter withoutEffect;
  private transient Counter duplicates;
  private transient DeadLetterCounters deadLetterCounters;

  /**
   * {@code dedupTtl}: how long an eventId is remembered (processing time since it was applied).
   * Expired eventIds are swept by the ledger itself, which any state backend allows.
   */
  public BalanceLedger(Duration dedupTtl, String jobName) {
    this(dedupTtl, jobName, true);
  }

  /**
   * As {@link #BalanceLedger(Duration, String)}; {@code sweepExpiredIds} false leaves the physical
   * removal of expired eventIds to RocksDB's compaction filter (only right on RocksDB: on the heap
   * nothing else removes them).
   */
  public BalanceLedger(Duration dedupTtl, String jobName, boolean sweepExpiredIds) {
    if (dedupTtl == null || dedupTtl.isZero() || dedupTtl.isNegative()) {
      throw new IllegalArgumentException("dedupTtl must be positive, was " + dedupTtl);
    }
    this.dedupTtl = dedupTtl;
    this.sweepExpiredIds = sweepExpiredIds;
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
            // Not Flink's incremental clean-up on the heap: it visits whole per-player maps on
            // every state access, copying each (LedgerBench: ~96 % of the heap step). The heap
            // is swept per player instead (sweepExpired); RocksDB drops expired ids in compaction.
            .disableCleanupInBackground()
            .cleanupInRocksdbCompactFilter(1000)
            .build());
    seenEventIds = getRuntimeContext().getMapState(seen);
    MetricGroup operator = getRuntimeContext().getMetricGroup();
    MetricGroup g = CroupierMetrics.of(operator);
    applied = g.counter("eventsApplied");
    withoutEffect = g.counter("eventsWithoutEffect");
    duplicates = g.counter("duplicatesDropped");
    deadLetterCounters =
        DeadLetterCounters.register(
            operator,
            DeadLetterReason.CURRENCY_MISMATCH,
            DeadLetterReason.AMOUNT_OVERFLOW,
            DeadLetterReason.UNKNOWN_SYMBOL);
  }

  @Override
  public void processElement(LedgerEntry e, Context ctx, Collector<BalanceUpdated> out)
      throws Exception {
    if (seenEventIds.contains(e.getEventId())) {
      duplicates.inc();
      return;
    }
    if (sweepExpiredIds && sweeps(e.getEventId())) {
      sweepExpired();
    }
    if (e.getUnknownSymbol() != null) {
      refuse(
          ctx,
          e,
          DeadLetterReason.UNKNOWN_SYMBOL,
          "event "
              + e.getEventId()
              + " has "
              + e.getUnknownSymbol()
              + ": a symbol this version does not know, so its effect on the balance is unknown");
      return;
    }
    PlayerBalance current = balance.value();
    if (current != null && !current.getCurrency().equals(e.getCurrency())) {
      refuse(
          ctx,
          e,
          DeadLetterReason.CURRENCY_MISMATCH,
          "event "
              + e.getEventId()
              + " is in "
              + e.getCurrency()
              + " but the player's currency is "
              + current.getCurrency());
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
      refuse(
          ctx,
          e,
          DeadLetterReason.AMOUNT_OVERFLOW,
          "event " + e.getEventId() + " would overflow the player's balance or totals");
      return;
    }
    seenEventIds.put(e.getEventId(), Boolean.TRUE);
    balance.update(next);
    applied.inc();
    out.collect(next.toUpdate(ctx.getCurrentKey()));
  }

  /**
   * Whether a new event sweeps its player's expired eventIds: one in {@link #SWEEP_EVERY} on
   * average, by its eventId's hash, so the sweep costs O(1) per event amortised and a player's map
   * holds its ids of the last {@code dedupTtl} plus about {@link #SWEEP_EVERY} more. A player who
   * stops playing keeps what its map held then (bounded the same way) until its next event.
   */
  static boolean sweeps(String eventId) {
    // mixed, so that ids differing only in their last characters spread over the low bits too
    return (MathUtils.murmurHash(eventId.hashCode()) & (SWEEP_EVERY - 1)) == 0;
  }

  /**
   * Iterates the player's eventIds: the TTL layer removes every expired one it passes over. Never
   * changes what the dedup sees (expired ids are never returned anyway).
   */
  private void sweepExpired() throws Exception {
    for (Iterator<String> ids = seenEventIds.keys().iterator(); ids.hasNext(); ) {
      ids.next();
    }
  }

  /** Dead-letters {@code e} and remembers its eventId, so a resend is a duplicate, not news. */
  private void refuse(Context ctx, LedgerEntry e, DeadLetterReason reason, String detail)
      throws Exception {
    deadLetterCounters.count(reason);
    ctx.output(DEAD_LETTERS, deadLetter(e, reason, detail));
    seenEventIds.put(e.getEventId(), Boolean.TRUE);
  }

  /**
   * The record as it was read when the entry carries it (partition, offset, raw bytes), else topic,
   * player, time and (in the detail) the event.
   */
  private DeadLetter deadLetter(LedgerEntry e, DeadLetterReason reason, String detail) {
    if (e.getValue() != null) {
      RawRecord raw =
          new RawRecord(
              e.getSourceTopic(),
              e.getPartition(),
              e.getOffset(),
              e.getUserId().getBytes(StandardCharsets.UTF_8),
              e.getValue(),
              e.getRecordTimestamp());
      Integer schemaId =
          e.getValue().length >= WireFormat.HEADER_LENGTH
              ? WireFormat.schemaId(e.getValue())
              : null;
      return deadLetters.asRead(raw, reason, detail, schemaId);
    }
    return deadLetters.withoutValue(
        e.getSourceTopic(), e.getUserId(), reason, detail, e.getOccurredAt());
  }
}

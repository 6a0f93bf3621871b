package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.udfs.balance.BalanceLedger;
import dev.croupier.udfs.balance.LedgerEntry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The balance job's per-event step: one {@link LedgerEntry} through {@link BalanceLedger} (dedup by
 * eventId, currency check, apply, emit the next {@link BalanceUpdated}) in Flink's keyed operator
 * harness, on the heap and on RocksDB (the job's backend). Entries come from the simulator's bets,
 * settlements and payments; each lap over them gets fresh eventIds, so every step applies (none is
 * a duplicate) and the dedup map grows as in a long run. {@code rocksdb} is RocksDB with default
 * options; {@code rocksdb-bloom} is RocksDB with bloom filters, as the jobs run it
 * (JobEnvironment): the dedup lookup of a new eventId is a miss, which bloom filters answer without
 * reading SST files. Ceiling: a keyed running sum (one ValueState read and write per event) in the
 * same harness on the same backend.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerBench {
  @Param({"heap", "rocksdb", "rocksdb-bloom"})
  public String backend;

  private LedgerEntry[] entries;
  private String[] eventIds;
  private KeyedOneInputStreamOperatorTestHarness<String, LedgerEntry, ?> ledger;
  private KeyedOneInputStreamOperatorTestHarness<String, LedgerEntry, ?> runningSum;
  private int next;
  private int lap;
  private long emitted;
  private int ops;

  @Setup
  public void setUp() throws Exception {
    List<LedgerEntry> all = BenchData.ledgerEntries();
    entries = all.toArray(new LedgerEntry[0]);
    eventIds = all.stream().map(LedgerEntry::getEventId).toArray(String[]::new);
    ledger =
        Harnesses.keyed(
            // as the job builds it: the ledger sweeps expired ids on the heap only
            new BalanceLedger(Duration.ofDays(7), "bench", backend.equals("heap")),
            LedgerEntry::getUserId,
            backend);
    runningSum = Harnesses.keyed(new RunningSum(), LedgerEntry::getUserId, backend);
  }

  @TearDown
  public void tearDown() throws Exception {
    ledger.close();
    runningSum.close();
  }

  private LedgerEntry nextEntry() {
    LedgerEntry e = entries[next];
    if (lap > 0) {
      e.setEventId(eventIds[next] + "~" + lap);
    }
    if (++next == entries.length) {
      next = 0;
      lap++;
    }
    return e;
  }

  /** One entry through the ledger. */
  @Benchmark
  public long ledgerStep() throws Exception {
    LedgerEntry e = nextEntry();
    ledger.processElement(new StreamRecord<>(e, e.getOccurredAt()));
    if ((++ops & 1023) == 0) {
      emitted += Harnesses.drain(ledger);
    }
    if (ledger.getSideOutput(BalanceLedger.DEAD_LETTERS) != null) {
      throw new IllegalStateException(
          "the ledger dead-lettered " + ledger.getSideOutput(BalanceLedger.DEAD_LETTERS).peek());
    }
    return emitted;
  }

  /** Ceiling: a keyed running sum of the same entries on the same backend. */
  @Benchmark
  public long ceilingKeyedRunningSum() throws Exception {
    LedgerEntry e = nextEntry();
    runningSum.processElement(new StreamRecord<>(e, e.getOccurredAt()));
    if ((++ops & 1023) == 0) {
      emitted += Harnesses.drain(runningSum);
    }
    return emitted;
  }

  /** One ValueState read and write per event: the least a keyed stateful step does. */
  static final class RunningSum extends KeyedProcessFunction<String, LedgerEntry, Long> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<Long> sum;

    @Override
    public void open(OpenContext ctx) {
      sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Types.LONG));
    }

    @Override
    public void processElement(LedgerEntry e, Context ctx, Collector<Long> out) throws Exception {
      Long s = sum.value();
      long next = (s == null ? 0 : s) + e.getDelta().getBalance();
      sum.update(next);
      out.collect(next);
    }
  }
}

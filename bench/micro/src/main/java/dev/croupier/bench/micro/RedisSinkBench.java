package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.testkit.RedisServer;
import dev.croupier.udfs.balance.BalanceHashWrites;
import dev.croupier.udfs.balance.BalanceLedger;
import dev.croupier.udfs.balance.LedgerEntry;
import dev.croupier.udfs.config.RedisSettings;
import dev.croupier.udfs.redis.BenchSinkWriters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

/**
 * The balance job's task thread from the ledger to Redis: {@value #RECORDS} entries, each through
 * {@link BalanceLedger} on the heap and its {@link BalanceUpdated} into the Redis sink's writer
 * ({@link BalanceHashWrites}, batches of 500, the defaults), then a flush (a checkpoint), against a
 * real local redis-server. {@code inFlight} is {@code redis.max-batches-in-flight}: 0 writes each
 * batch in the task thread (the synchronous path), 1 and 2 hand batches to the writer's sender
 * thread, so the ledger's work overlaps Redis's. Compare {@code inFlight=1,2} with {@code
 * inFlight=0} of the same run (the report's baseline ratios); {@code ledgerStepOnly} is the same
 * ledger work without Redis, the most overlapping can reach. Ceiling: {@code ceilingRawBatchCas},
 * as in {@link RedisWriteBench}. Scores are records per second.
 *
 * <p>The ledger runs on the heap, not on RocksDB as in the job: a RocksDB step costs ~20 times a
 * loopback write and slows as its state grows, so its noise hid the write path; on the heap the
 * task's work and the write cost the same order, as on the cluster, where the task thread waited
 * for Redis 37 % of its time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisSinkBench {
  static final int RECORDS = 5_000;
  static final int BATCH = 500;

  private RedisServer server;
  private LedgerEntry[] entries;
  private String[] eventIds;
  private KeyedOneInputStreamOperatorTestHarness<String, LedgerEntry, BalanceUpdated> ledger;
  private int next;
  private int lap;

  /** The writer under test, opened per parameter. */
  @State(Scope.Thread)
  public static class Sink {
    @Param({"0", "1", "2"})
    public int inFlight;

    SinkWriter<BalanceUpdated> writer;

    @Setup
    public void open(RedisSinkBench bench) throws Exception {
      writer =
          BenchSinkWriters.open(
              bench.settings().withMaxBatchesInFlight(inFlight),
              new BalanceHashWrites("bench:sink:"),
              new NoTimers(),
              new UnregisteredMetricsGroup());
    }

    @TearDown
    public void close() throws Exception {
      if (writer != null) {
        writer.close();
      }
    }
  }

  /**
   * The task thread's wall time inside the writer's write and flush, as nanoseconds per second of
   * the iteration (JMH normalises it): divided by 10^9, the share of the task thread's time spent
   * in the sink, which the machine's load moves much less than the throughput. On the cluster the
   * synchronous sink held the balance task thread 37 % of its time.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class TaskTime {
    public long sinkNanos;

    @Setup(Level.Iteration)
    public void reset() {
      sinkNanos = 0;
    }
  }

  /** The raw pipeline of the ceiling. */
  @State(Scope.Thread)
  public static class Raw {
    RedisClient client;
    BalanceHashWrites writes;
    List<BalanceUpdated> batch;
    long seq;

    @Setup
    public void open(RedisSinkBench bench) {
      client = bench.server.newClient();
      writes = new BalanceHashWrites("bench:raw-batch-cas:");
      writes.open(client);
      Set<String> users = new LinkedHashSet<>();
      for (BetPlaced b : BenchData.only(BetPlaced.class)) {
        if (users.size() < BATCH) {
          users.add(b.getUserId());
        }
      }
      batch = new ArrayList<>();
      for (String u : users) {
        batch.add(BenchData.balanceUpdate(u));
      }
    }

    @TearDown
    public void close() {
      if (client != null) {
        client.close();
      }
    }
  }

  /** Timers never fire: batches are cut by size and by the flush, as in a busy job. */
  static final class NoTimers implements ProcessingTimeService {
    @Override
    public long getCurrentProcessingTime() {
      return 0;
    }

    @Override
    public ScheduledFuture<?> registerTimer(long time, ProcessingTimeCallback callback) {
      return null;
    }
  }

  RedisSettings settings() {
    return LocalRedis.settings(server, "bench:", BATCH);
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = RedisServer.start();
    try {
      List<LedgerEntry> all = BenchData.ledgerEntries();
      entries = all.toArray(new LedgerEntry[0]);
      eventIds = all.stream().map(LedgerEntry::getEventId).toArray(String[]::new);
      ledger =
          Harnesses.keyed(
              new BalanceLedger(Duration.ofDays(7), "bench", true), LedgerEntry::getUserId, "heap");
    } catch (Exception | Error e) {
      tearDown();
      throw e;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      if (ledger != null) {
        ledger.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
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

  /** One entry through the ledger; its update, or null (the harness keeps the output). */
  @SuppressWarnings("unchecked")
  private BalanceUpdated ledgerStep() throws Exception {
    LedgerEntry e = nextEntry();
    ledger.processElement(new StreamRecord<>(e, e.getOccurredAt()));
    Queue<Object> out = ledger.getOutput();
    Object o = out.poll();
    if (ledger.getSideOutput(BalanceLedger.DEAD_LETTERS) != null) {
      throw new IllegalStateException(
          "the ledger dead-lettered " + ledger.getSideOutput(BalanceLedger.DEAD_LETTERS).peek());
    }
    return o instanceof StreamRecord<?> r ? ((StreamRecord<BalanceUpdated>) r).getValue() : null;
  }

  /** {@value #RECORDS} entries through the ledger into the sink's writer, then a flush. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public int ledgerThenSink(Sink sink, TaskTime time) throws Exception {
    int written = 0;
    long inSink = 0;
    for (int i = 0; i < RECORDS; i++) {
      BalanceUpdated u = ledgerStep();
      if (u != null) {
        long start = System.nanoTime();
        sink.writer.write(u, null);
        inSink += System.nanoTime() - start;
        written++;
      }
    }
    long start = System.nanoTime();
    sink.writer.flush(false);
    time.sinkNanos += inSink + System.nanoTime() - start;
    return written;
  }

  /** The same ledger work without Redis: what the task thread could do if writes cost nothing. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public int ledgerStepOnly() throws Exception {
    int n = 0;
    for (int i = 0; i < RECORDS; i++) {
      if (ledgerStep() != null) {
        n++;
      }
    }
    return n;
  }

  /** Ceiling: the batch compare-and-set script over one raw Jedis pipeline, as RedisWriteBench. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ceilingRawBatchCas(Raw raw) {
    raw.seq++;
    for (BalanceUpdated u : raw.batch) {
      u.setSeq(raw.seq);
    }
    try (Connection c = raw.client.getPool().getResource()) {
      Pipeline p = new Pipeline(c);
      for (int from = 0; from < raw.batch.size(); from += BalanceHashWrites.HASHES_PER_CALL) {
        raw.writes.compareAndSetAll(
            p,
            raw.batch.subList(
                from, Math.min(raw.batch.size(), from + BalanceHashWrites.HASHES_PER_CALL)));
      }
      List<Object> replies = raw.writes.replies(p.syncAndReturnAll());
      int n = 0;
      for (Object r : replies) {
        if (r instanceof Long l && l == 1L) {
          n++;
        }
      }
      if (n != raw.batch.size()) {
        throw new IllegalStateException(n + " of " + raw.batch.size() + " raw batch CAS applied");
      }
      return n;
    }
  }
}

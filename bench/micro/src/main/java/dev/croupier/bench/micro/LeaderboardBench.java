package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.leaderboard.LeaderboardFunction;
import dev.croupier.udfs.leaderboard.LeaderboardWindows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A board update: one bet or settlement through {@link LeaderboardFunction} (the job's defaults: 1
 * h and 1 d windows, 1 min allowed lateness, 500 ms live-update delay) in Flink's two-input keyed
 * harness on the heap backend, as the job runs. Every 1,024 events processing time moves on by the
 * live-update delay, so the coalesced scores are emitted as in the job; windows are not closed (the
 * input laps over the same event times). Ceiling: a keyed running sum of the stakes (one ValueState
 * read and write per event) through the same harness.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LeaderboardBench {
  private static final long LIVE_UPDATE_DELAY = 500;

  private Object[] events;
  private KeyedTwoInputStreamOperatorTestHarness<String, BetPlaced, BetSettled, ?> boards;
  private KeyedTwoInputStreamOperatorTestHarness<String, BetPlaced, BetSettled, ?> runningSum;
  private int next;
  private int ops;
  private long now;
  private long emitted;

  @Setup
  public void setUp() throws Exception {
    List<Object> in = new ArrayList<>();
    for (Object r : BenchData.records()) {
      if (r instanceof BetPlaced b) {
        if (BenchData.broken()) {
          b = BetPlaced.newBuilder(b).build();
          b.setUserId(null); // no player to key by
        }
        in.add(b);
      } else if (r instanceof BetSettled) {
        in.add(r);
      }
    }
    events = in.toArray();
    boards =
        open(
            new LeaderboardFunction(
                LeaderboardWindows.of(List.of(Duration.ofHours(1), Duration.ofDays(1))),
                Duration.ofMinutes(1),
                Duration.ofMillis(LIVE_UPDATE_DELAY),
                Topics.BETS,
                Topics.ROUNDS,
                "bench"));
    runningSum = open(new RunningSum());
  }

  private <O> KeyedTwoInputStreamOperatorTestHarness<String, BetPlaced, BetSettled, O> open(
      KeyedCoProcessFunction<String, BetPlaced, BetSettled, O> fn) throws Exception {
    var h =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(fn),
            BetPlaced::getUserId,
            BetSettled::getUserId,
            Types.STRING);
    h.setStateBackend(Harnesses.backend("heap"));
    h.setup();
    h.open();
    h.setProcessingTime(now);
    return h;
  }

  @TearDown
  public void tearDown() throws Exception {
    boards.close();
    runningSum.close();
  }

  private long step(KeyedTwoInputStreamOperatorTestHarness<String, BetPlaced, BetSettled, ?> h)
      throws Exception {
    Object e = events[next];
    next = next + 1 == events.length ? 0 : next + 1;
    if (e instanceof BetPlaced b) {
      h.processElement1(new StreamRecord<>(b, b.getOccurredAt().toEpochMilli()));
    } else {
      BetSettled s = (BetSettled) e;
      h.processElement2(new StreamRecord<>(s, s.getOccurredAt().toEpochMilli()));
    }
    if ((++ops & 1023) == 0) {
      now += LIVE_UPDATE_DELAY;
      h.setProcessingTime(now);
      emitted += Harnesses.drain(h);
    }
    return emitted;
  }

  /** One bet or settlement onto the boards. */
  @Benchmark
  public long boardUpdate() throws Exception {
    long n = step(boards);
    if (boards.getSideOutput(dev.croupier.udfs.dlq.DeadLetterOutput.TAG) != null) {
      throw new IllegalStateException(
          "the boards dead-lettered "
              + boards.getSideOutput(dev.croupier.udfs.dlq.DeadLetterOutput.TAG).peek());
    }
    return n;
  }

  /** Ceiling: a keyed running sum of the same events on the same backend. */
  @Benchmark
  public long ceilingKeyedRunningSum() throws Exception {
    return step(runningSum);
  }

  /** One ValueState read and write per event. */
  static final class RunningSum
      extends KeyedCoProcessFunction<String, BetPlaced, BetSettled, Long> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<Long> sum;

    @Override
    public void open(OpenContext ctx) {
      sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Types.LONG));
    }

    private void add(long amount, Collector<Long> out) throws Exception {
      Long s = sum.value();
      long next = (s == null ? 0 : s) + amount;
      sum.update(next);
      out.collect(next);
    }

    @Override
    public void processElement1(BetPlaced b, Context ctx, Collector<Long> out) throws Exception {
      add(b.getStake(), out);
    }

    @Override
    public void processElement2(BetSettled s, Context ctx, Collector<Long> out) throws Exception {
      add(s.getPayout(), out);
    }
  }
}

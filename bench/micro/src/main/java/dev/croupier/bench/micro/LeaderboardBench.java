package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.leaderboard.LeaderboardFunction;
import dev.croupier.udfs.leaderboard.LeaderboardWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
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
 * live-update delay, so the coalesced scores are emitted as in the job, and the watermark follows
 * the newest event time less 5 s, so windows close (each lap over the input is a day later in event
 * time). Ceiling: a keyed running sum of the stakes (one ValueState read and write per event)
 * through the same harness.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LeaderboardBench {
  private static final long LIVE_UPDATE_DELAY = 500;
  private static final long OUT_OF_ORDERNESS = 5_000;

  private static long eventTime(Object e) {
    return e instanceof BetPlaced b
        ? b.getOccurredAt().toEpochMilli()
        : ((BetSettled) e).getOccurredAt().toEpochMilli();
  }

  private Object[] events;
  private long[] eventTimes;
  private long lapShift;
  private int lap;
  private long watermark = Long.MIN_VALUE;
  private KeyedTwoInputStreamOperatorTestHarness<String, BetPlaced, BetSettled, ?> boards;
  private KeyedTwoInputStreamOperatorTestHarness<String, BetPlaced, BetSettled, ?> runningSum;
  private int next;
  private int ops;
  private long now;
  private long emitted;

  @Setup
  public void setUp() throws Exception {
    List<Object> in = new ArrayList<>();
    // Copies: the laps move them in event time, and the shared input must stay as generated.
    for (Object r : BenchData.records()) {
      if (r instanceof BetPlaced b) {
        BetPlaced c = BetPlaced.newBuilder(b).build();
        if (BenchData.broken()) {
          c.setUserId(null); // no player to key by
        }
        in.add(c);
      } else if (r instanceof BetSettled s) {
        in.add(BetSettled.newBuilder(s).build());
      }
    }
    in.sort(java.util.Comparator.comparingLong(LeaderboardBench::eventTime));
    events = in.toArray();
    eventTimes = new long[events.length];
    for (int i = 0; i < events.length; i++) {
      eventTimes[i] = eventTime(events[i]);
    }
    lapShift = eventTimes[eventTimes.length - 1] - eventTimes[0] + Duration.ofDays(1).toMillis();
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
    // Later laps move the same events on in event time (in place: the function keeps none of
    // them), so windows close behind the watermark as in a long run.
    long at = eventTimes[next] + lap * lapShift;
    if (++next == events.length) {
      next = 0;
      lap++;
    }
    if (e instanceof BetPlaced b) {
      if (lap > 0) {
        b.setOccurredAt(Instant.ofEpochMilli(at));
      }
      h.processElement1(new StreamRecord<>(b, at));
    } else {
      BetSettled s = (BetSettled) e;
      if (lap > 0) {
        s.setOccurredAt(Instant.ofEpochMilli(at));
      }
      h.processElement2(new StreamRecord<>(s, at));
    }
    if ((++ops & 1023) == 0) {
      now += LIVE_UPDATE_DELAY;
      h.setProcessingTime(now);
      // The job's watermark: the newest event time less the default out-of-orderness (5 s).
      long wm = at - OUT_OF_ORDERNESS;
      if (wm > watermark) {
        watermark = wm;
        h.processWatermark1(new Watermark(wm));
        h.processWatermark2(new Watermark(wm));
      }
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

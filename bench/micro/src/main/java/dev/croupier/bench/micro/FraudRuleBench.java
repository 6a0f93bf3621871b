package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.udfs.fraud.EventTimeSorter;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.live.LiveRules;
import dev.croupier.udfs.fraud.rules.FraudRule;
import dev.croupier.udfs.fraud.rules.FraudRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
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
 * The fraud job's per-event steps on its heap backend, each in Flink's harness as the job wires it:
 * every rule's {@link dev.croupier.udfs.fraud.live.LiveRuleFunction} (connected to the rules
 * broadcast, default definitions) fed the events its filter passes, in event-time order as the
 * player timeline (or a link's timeline) hands them on, with the watermark following; and the
 * player timeline ({@link EventTimeSorter}) itself. The input laps over the simulator's events,
 * each lap later in event time.
 *
 * <p>The timeline has three shapes of traffic: {@code player-timeline} (events in time order, the
 * watermark right behind the newest every 1,024 events), {@code player-timeline/live} (the same
 * order, the watermark {@link #OUT_OF_ORDERNESS_MS} behind the newest, as the job's sources set it:
 * every event waits that long in the sorter) and {@code player-timeline/catch-up} (the four topics
 * read one record each in turn, as a job catching up on a backlog reads them at like record rates,
 * so the thin topics run ahead in event time; the watermark is the slowest topic's newest minus the
 * bound, a topic read to its end no longer holding it back: the sorter holds thousands of events,
 * as it does on the end-to-end benchmark). Every step copies its event (as Flink does between
 * operators without object reuse). Ceiling ({@code keyed-no-op}): one ValueState write per event
 * through the same broadcast-connected harness and the same copy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FraudRuleBench {
  /** The step: a rule id, {@code multi-accounting/<link>}, the timeline or the ceiling. */
  @Param({
    "keyed-no-op",
    "player-timeline",
    "player-timeline/live",
    "player-timeline/catch-up",
    "rapid-cashout",
    "bet-velocity",
    "account-takeover",
    "multi-accounting/device",
    "multi-accounting/instrument",
    "card-testing",
    "bonus-abuse",
    "stake-anomaly",
    "impossible-travel",
    "payout-anomaly",
    "chip-dumping"
  })
  public String step;

  /** The fraud job's default {@code fraud.out-of-orderness}. */
  static final long OUT_OF_ORDERNESS_MS = 5_000;

  private PlayerEvent[] events;

  /**
   * The watermark of the input after each event (timeline shapes {@code live} and {@code
   * catch-up}), or null: the watermark follows right behind the newest event.
   */
  private long[] watermarks;

  private long lastWatermark = Long.MIN_VALUE;
  private long lapShift;
  private AbstractStreamOperatorTestHarness<?> harness;
  private KeyedBroadcastOperatorTestHarness<String, PlayerEvent, RuleConfig, FraudAlert> rule;
  private KeyedOneInputStreamOperatorTestHarness<String, PlayerEvent, PlayerEvent> timeline;
  private int next;
  private int lap;
  private int ops;
  private long lastTimestamp = Long.MIN_VALUE;
  private long emitted;

  @Setup
  public void setUp() throws Exception {
    FilterFunction<PlayerEvent> accepts = e -> true;
    KeySelector<PlayerEvent, String> key = e -> e.userId;
    KeyedBroadcastProcessFunction<String, PlayerEvent, RuleConfig, FraudAlert> fn = null;
    if (step.equals("keyed-no-op")) {
      fn = new KeyedNoOp();
    } else if (step.startsWith("player-timeline")) {
      timeline = Harnesses.keyed(EventTimeSorter.forEvents(), key, "heap");
      harness = timeline;
    } else {
      FraudRules rules = FraudRules.defaults();
      for (FraudRules.Configured<?> c : rules.rules()) {
        String id = c.rule().id().id();
        if (c.rule() instanceof FraudRule.Keyed<?> k && id.equals(step)) {
          accepts = cast(k.accepts());
          fn = functionOf(k, c);
        } else if (c.rule() instanceof FraudRule.Linked<?> l) {
          for (FraudRule.Link<?> link : l.links()) {
            if ((id + "/" + link.name()).equals(step)) {
              accepts = cast(link.accepts());
              key = cast(link.key());
              fn = linkFunctionOf(link, c);
            }
          }
        }
      }
      if (fn == null) {
        throw new IllegalArgumentException("no such rule or link: " + step);
      }
    }
    if (fn != null) {
      rule =
          ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
              fn, key, Types.STRING, LiveRules.STATE);
      rule.processBroadcastWatermark(Watermark.MAX_WATERMARK);
      harness = rule;
    }

    List<PlayerEvent> in = new ArrayList<>();
    for (PlayerEvent e : BenchData.playerEvents()) {
      if (accepts.filter(e)) {
        if (BenchData.broken()) {
          e.userId = null;
          e.deviceId = null;
          e.instrumentId = null;
        }
        in.add(e);
      }
    }
    if (in.isEmpty()) {
      throw new IllegalStateException("the simulator's events hold nothing for " + step);
    }
    in.sort(Comparator.comparingLong(e -> e.occurredAt));
    if (step.startsWith("player-timeline/catch-up")) {
      in = readInTurns(in);
    }
    events = in.toArray(new PlayerEvent[0]);
    if (step.startsWith("player-timeline/live") || step.startsWith("player-timeline/catch-up")) {
      watermarks = watermarksOf(events);
    }
    lapShift = events[events.length - 1].occurredAt - events[0].occurredAt + 60_000;
  }

  /**
   * The events as a catch-up reads them: one record of each topic in turn (each topic in time
   * order), a topic read to its end dropping out.
   */
  private static List<PlayerEvent> readInTurns(List<PlayerEvent> sorted) {
    Map<PlayerEvent.Source, ArrayDeque<PlayerEvent>> topics =
        new EnumMap<>(PlayerEvent.Source.class);
    for (PlayerEvent e : sorted) {
      topics.computeIfAbsent(e.source, s -> new ArrayDeque<>()).add(e);
    }
    List<PlayerEvent> out = new ArrayList<>(sorted.size());
    while (out.size() < sorted.size()) {
      for (ArrayDeque<PlayerEvent> topic : topics.values()) {
        if (!topic.isEmpty()) {
          out.add(topic.poll());
        }
      }
    }
    return out;
  }

  /**
   * After each event, the input's watermark: per topic its newest event time minus the bound, the
   * least of the topics still being read (before a topic's first event: none yet).
   */
  private static long[] watermarksOf(PlayerEvent[] events) {
    Map<PlayerEvent.Source, Integer> remaining = new EnumMap<>(PlayerEvent.Source.class);
    for (PlayerEvent e : events) {
      remaining.merge(e.source, 1, Integer::sum);
    }
    Map<PlayerEvent.Source, Long> newest = new EnumMap<>(PlayerEvent.Source.class);
    long[] out = new long[events.length];
    for (int i = 0; i < events.length; i++) {
      PlayerEvent e = events[i];
      newest.merge(e.source, e.occurredAt, Math::max);
      remaining.merge(e.source, -1, Integer::sum);
      long w = Long.MAX_VALUE;
      for (Map.Entry<PlayerEvent.Source, Integer> r : remaining.entrySet()) {
        if (r.getValue() > 0) {
          Long n = newest.get(r.getKey());
          w = Math.min(w, n == null ? Long.MIN_VALUE : n - OUT_OF_ORDERNESS_MS - 1);
        }
      }
      out[i] = w == Long.MAX_VALUE ? newest.get(e.source) - OUT_OF_ORDERNESS_MS - 1 : w;
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> T cast(Object o) {
    return (T) o;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static KeyedBroadcastProcessFunction<String, PlayerEvent, RuleConfig, FraudAlert>
      functionOf(FraudRule.Keyed k, FraudRules.Configured c) {
    return (KeyedBroadcastProcessFunction) k.function().apply(c.versions());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static KeyedBroadcastProcessFunction<String, PlayerEvent, RuleConfig, FraudAlert>
      linkFunctionOf(FraudRule.Link link, FraudRules.Configured c) {
    return (KeyedBroadcastProcessFunction) link.function().apply(c.versions());
  }

  @TearDown
  public void tearDown() throws Exception {
    harness.close();
  }

  /** One event through the step; every 1,024 the watermark catches up and the output is taken. */
  @Benchmark
  public long step() throws Exception {
    PlayerEvent e = BenchData.shifted(events[next], lap * lapShift);
    long watermark =
        watermarks == null
            ? e.occurredAt - 1
            : watermarks[next] == Long.MIN_VALUE
                ? Long.MIN_VALUE
                : watermarks[next] + lap * lapShift;
    if (++next == events.length) {
      next = 0;
      lap++;
    }
    StreamRecord<PlayerEvent> r = new StreamRecord<>(e, e.occurredAt);
    if (rule != null) {
      rule.processElement(r);
    } else {
      timeline.processElement(r);
    }
    lastTimestamp = e.occurredAt;
    if ((++ops & 1023) == 0) {
      if (rule != null) {
        rule.processWatermark(lastTimestamp - 1);
        var shadow = rule.getSideOutput(LiveRules.SHADOW_ALERTS);
        if (shadow != null) {
          shadow.clear();
        }
      } else if (watermark > lastWatermark) {
        timeline.processWatermark(watermark);
        lastWatermark = watermark;
      }
      emitted += Harnesses.drain(harness);
    }
    return emitted;
  }

  /** The ceiling: one keyed ValueState write per event, nothing emitted. */
  static final class KeyedNoOp
      extends KeyedBroadcastProcessFunction<String, PlayerEvent, RuleConfig, FraudAlert> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<Long> lastSeen;

    @Override
    public void open(OpenContext ctx) {
      lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("last-seen", Types.LONG));
    }

    @Override
    public void processElement(PlayerEvent e, ReadOnlyContext ctx, Collector<FraudAlert> out)
        throws Exception {
      lastSeen.update(e.occurredAt);
    }

    @Override
    public void processBroadcastElement(RuleConfig c, Context ctx, Collector<FraudAlert> out) {}
  }
}

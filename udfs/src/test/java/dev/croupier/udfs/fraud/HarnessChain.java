package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.live.LiveRules;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/**
 * Flink's keyed operator test harnesses wired one after another the way the job chains them:
 * records a stage emits go to the next stage at once, and a watermark reaches a stage only after
 * everything the previous stage emitted when the watermark fired its timers. A rule stage is
 * connected to the rules broadcast as in the job: {@link #rules} sends it accepted {@code
 * risk.rules} records, its broadcast input never holds event time back (the job's rules source
 * emits no watermark limit either), and its shadow alerts are collected apart ({@link #shadow}).
 */
public final class HarnessChain implements AutoCloseable {
  private final List<AbstractStreamOperatorTestHarness<?>> stages = new ArrayList<>();
  private final List<Object> output = new ArrayList<>();
  private final List<FraudAlert> shadow = new ArrayList<>();

  /** A keyed process function stage. */
  public <I, O> HarnessChain then(KeyedProcessFunction<String, I, O> fn, KeySelector<I, String> key)
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, I, O> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(fn), key, Types.STRING);
    h.open();
    stages.add(h);
    return this;
  }

  /** A rule stage keyed by {@code key}, connected to the rules broadcast. */
  public HarnessChain thenRule(LiveRuleFunction<?> fn, KeySelector<PlayerEvent, String> key)
      throws Exception {
    KeyedBroadcastOperatorTestHarness<String, PlayerEvent, RuleConfig, FraudAlert> h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            fn, key, Types.STRING, LiveRules.STATE);
    h.processBroadcastWatermark(Watermark.MAX_WATERMARK);
    stages.add(h);
    return this;
  }

  /** A rule stage on the player timeline. */
  public HarnessChain thenRule(LiveRuleFunction<?> fn) throws Exception {
    return thenRule(fn, (PlayerEvent e) -> e.userId);
  }

  /** The player timeline in front of everything. */
  public static HarnessChain sorted() throws Exception {
    return new HarnessChain().then(EventTimeSorter.forEvents(), (PlayerEvent e) -> e.userId);
  }

  /** The player timeline, then {@code rule}. */
  public static HarnessChain rule(LiveRuleFunction<?> rule) throws Exception {
    return sorted().thenRule(rule);
  }

  /** Sends accepted rules records to every rule stage, as the job's broadcast does. */
  @SuppressWarnings("unchecked")
  public HarnessChain rules(RuleConfig... configs) throws Exception {
    for (AbstractStreamOperatorTestHarness<?> h : stages) {
      if (h instanceof KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> b) {
        for (RuleConfig c : configs) {
          ((KeyedBroadcastOperatorTestHarness<String, PlayerEvent, RuleConfig, FraudAlert>) b)
              .processBroadcastElement(c, 0);
        }
      }
    }
    return this;
  }

  /** Sends events in the given order, each with its occurredAt as timestamp. */
  public HarnessChain send(PlayerEvent... events) throws Exception {
    for (PlayerEvent e : events) {
      process(0, e, e.occurredAt);
      drainFrom(0);
    }
    return this;
  }

  /** Advances the watermark through every stage. */
  public HarnessChain watermark(long t) throws Exception {
    for (int i = 0; i < stages.size(); i++) {
      AbstractStreamOperatorTestHarness<?> h = stages.get(i);
      if (h instanceof KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> b) {
        b.processWatermark(t);
      } else {
        ((KeyedOneInputStreamOperatorTestHarness<?, ?, ?>) h).processWatermark(t);
      }
      drainFrom(i);
    }
    return this;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void process(int stage, Object value, long timestamp) throws Exception {
    AbstractStreamOperatorTestHarness<?> h = stages.get(stage);
    if (h instanceof KeyedBroadcastOperatorTestHarness b) {
      b.processElement(new StreamRecord<>(value, timestamp));
    } else {
      ((KeyedOneInputStreamOperatorTestHarness) h)
          .processElement(new StreamRecord<>(value, timestamp));
    }
  }

  private void drainFrom(int i) throws Exception {
    AbstractStreamOperatorTestHarness<?> h = stages.get(i);
    List<StreamRecord<?>> records = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        records.add(r);
      }
    }
    h.getOutput().clear();
    var shadowOut = h.getSideOutput(LiveRules.SHADOW_ALERTS);
    if (shadowOut != null) {
      shadowOut.forEach(r -> shadow.add(r.getValue()));
      shadowOut.clear();
    }
    for (StreamRecord<?> r : records) {
      if (i + 1 == stages.size()) {
        output.add(r.getValue());
      } else {
        process(i + 1, r.getValue(), r.getTimestamp());
        drainFrom(i + 1);
      }
    }
  }

  /** What the last stage emitted so far (a rule's ACTIVE alerts). */
  @SuppressWarnings("unchecked")
  public <T> List<T> output() {
    return (List<T>) new ArrayList<>(output);
  }

  /** The alerts of SHADOW versions so far. */
  public List<FraudAlert> shadow() {
    return new ArrayList<>(shadow);
  }

  /** Keyed state entries over all stages (the heap backend counts every key-state pair). */
  public int keyedStateEntries() {
    return keyedStateEntriesByStage().stream().mapToInt(Integer::intValue).sum();
  }

  /** Keyed state entries per stage, first to last. */
  public List<Integer> keyedStateEntriesByStage() {
    return stages.stream()
        .map(
            h ->
                ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
                    .numKeyValueStateEntries())
        .toList();
  }

  public int eventTimeTimers() {
    return stages.stream().mapToInt(AbstractStreamOperatorTestHarness::numEventTimeTimers).sum();
  }

  @Override
  public void close() throws Exception {
    for (var h : stages) {
      h.close();
    }
  }
}

package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.FraudAlert;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Flink's keyed operator test harnesses wired one after another the way the job chains them:
 * records a stage emits go to the next stage at once, and a watermark reaches a stage only after
 * everything the previous stage emitted when the watermark fired its timers. Lets a test feed raw
 * events through sorter, signal function and CEP operator and look at the state of each.
 */
public final class HarnessChain implements AutoCloseable {
  private final List<KeyedOneInputStreamOperatorTestHarness<String, Object, Object>> stages =
      new ArrayList<>();
  private final List<Object> output = new ArrayList<>();

  /** A keyed process function stage. */
  public <I, O> HarnessChain then(KeyedProcessFunction<String, I, O> fn, KeySelector<I, String> key)
      throws Exception {
    return add(new KeyedProcessOperator<>(fn), key);
  }

  /** A CEP stage keyed by player, as {@code CEP.pattern(keyed, pattern).process(fn)} builds it. */
  public HarnessChain thenCep(
      Pattern<PlayerSignal, ?> pattern, PatternProcessFunction<PlayerSignal, FraudAlert> fn)
      throws Exception {
    CepOperator<PlayerSignal, String, FraudAlert> op =
        new CepOperator<>(
            TypeInformation.of(PlayerSignal.class).createSerializer(new SerializerConfigImpl()),
            false,
            NFACompiler.compileFactory(pattern, false),
            null,
            pattern.getAfterMatchSkipStrategy(),
            fn,
            null);
    return add(op, (KeySelector<PlayerSignal, String>) s -> s.userId);
  }

  /** The player timeline in front of everything. */
  public static HarnessChain sorted() throws Exception {
    return new HarnessChain().then(EventTimeSorter.forEvents(), (PlayerEvent e) -> e.userId);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <I, O> HarnessChain add(OneInputStreamOperator<I, O> op, KeySelector<I, String> key)
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness h =
        new KeyedOneInputStreamOperatorTestHarness<>(op, key, Types.STRING);
    h.open();
    stages.add(h);
    return this;
  }

  /** Sends events in the given order, each with its occurredAt as timestamp. */
  public HarnessChain send(PlayerEvent... events) throws Exception {
    for (PlayerEvent e : events) {
      stages.get(0).processElement(new StreamRecord<>(e, e.occurredAt));
      drainFrom(0);
    }
    return this;
  }

  /** Sends signals straight into the first stage (a CEP stage), each at its own time. */
  public HarnessChain sendSignals(PlayerSignal... signals) throws Exception {
    for (PlayerSignal s : signals) {
      stages.get(0).processElement(new StreamRecord<>(s, s.at));
      drainFrom(0);
    }
    return this;
  }

  /** Advances the watermark through every stage. */
  public HarnessChain watermark(long t) throws Exception {
    for (int i = 0; i < stages.size(); i++) {
      stages.get(i).processWatermark(t);
      drainFrom(i);
    }
    return this;
  }

  private void drainFrom(int i) throws Exception {
    List<StreamRecord<?>> records = new ArrayList<>();
    for (Object o : stages.get(i).getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        records.add(r);
      }
    }
    stages.get(i).getOutput().clear();
    for (StreamRecord<?> r : records) {
      if (i + 1 == stages.size()) {
        output.add(r.getValue());
      } else {
        stages.get(i + 1).processElement(new StreamRecord<>(r.getValue(), r.getTimestamp()));
        drainFrom(i + 1);
      }
    }
  }

  /** What the last stage emitted so far. */
  @SuppressWarnings("unchecked")
  public <T> List<T> output() {
    return (List<T>) new ArrayList<>(output);
  }

  /** Keyed state entries over all stages (the heap backend counts every key-state pair). */
  public int keyedStateEntries() {
    return stages.stream()
        .mapToInt(KeyedOneInputStreamOperatorTestHarness::numKeyedStateEntries)
        .sum();
  }

  /** Keyed state entries per stage, first to last. */
  public List<Integer> keyedStateEntriesByStage() {
    return stages.stream()
        .map(KeyedOneInputStreamOperatorTestHarness::numKeyedStateEntries)
        .toList();
  }

  public int eventTimeTimers() {
    return stages.stream()
        .mapToInt(KeyedOneInputStreamOperatorTestHarness::numEventTimeTimers)
        .sum();
  }

  @Override
  public void close() throws Exception {
    for (var h : stages) {
      h.close();
    }
  }
}

package dev.croupier.udfs.types;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

/**
 * A value state written with one type (an earlier version's, e.g. a POJO) and restored with another
 * (a hand-written serializer), through a real state backend: what a savepoint of the earlier
 * version goes through.
 */
public final class StateMigration {
  private StateMigration() {}

  /** Keeps one value per key under a state name; on "read" emits it, on "put" stores it. */
  private static final class OneValue<W> extends KeyedProcessFunction<String, String, W> {
    private final String name;
    private final TypeInformation<W> type;
    private final W toStore;
    private transient ValueState<W> state;

    OneValue(String name, TypeInformation<W> type, W toStore) {
      this.name = name;
      this.type = type;
      this.toStore = toStore;
    }

    @Override
    public void open(OpenContext ctx) {
      state = getRuntimeContext().getState(new ValueStateDescriptor<>(name, type));
    }

    @Override
    public void processElement(String command, Context ctx, Collector<W> out) throws Exception {
      if (command.equals("put")) {
        state.update(toStore);
      } else {
        out.collect(state.value());
      }
    }
  }

  private static <W> KeyedOneInputStreamOperatorTestHarness<String, String, W> harness(
      OneValue<W> f, String backend) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(f), c -> "p", Types.STRING);
    h.setStateBackend(
        backend.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend());
    return h;
  }

  /**
   * Stores {@code value} under {@code name} with type {@code before}, snapshots, restores with
   * {@code after} and reads it; then snapshots that and restores it with {@code after} again.
   * Returns the two values read.
   */
  public static <W> List<W> restoreAndRead(
      String name, TypeInformation<W> before, TypeInformation<W> after, W value, String backend)
      throws Exception {
    // Given a savepoint of the value as an earlier version kept it
    OperatorSubtaskState savepoint;
    try (var first = harness(new OneValue<>(name, before, value), backend)) {
      first.open();
      first.processElement("put", 1);
      savepoint = first.snapshot(1, 1);
    }
    List<W> read = new ArrayList<>();
    OperatorSubtaskState migrated;
    // When this version restores it, and then its own savepoint again
    try (var restored = harness(new OneValue<>(name, after, null), backend)) {
      restored.initializeState(savepoint);
      restored.open();
      restored.processElement("read", 2);
      read.addAll(restored.extractOutputValues());
      migrated = restored.snapshot(2, 2);
    }
    try (var again = harness(new OneValue<>(name, after, null), backend)) {
      again.initializeState(migrated);
      again.open();
      again.processElement("read", 3);
      read.addAll(again.extractOutputValues());
    }
    return read;
  }
}

package dev.croupier.bench.micro;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Flink's operator test harnesses, opened on a named state backend. */
final class Harnesses {
  private Harnesses() {}

  /**
   * {@code heap} (the hashmap backend), {@code rocksdb} (embedded RocksDB, default options) or
   * {@code rocksdb-bloom} (the same with {@code state.backend.rocksdb.use-bloom-filter: true}, as
   * the jobs run it, so a lookup of an absent key skips SST files).
   */
  static StateBackend backend(String name) {
    return switch (name) {
      case "heap" -> new HashMapStateBackend();
      case "rocksdb" -> new EmbeddedRocksDBStateBackend();
      case "rocksdb-bloom" -> {
        Configuration c = new Configuration();
        c.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        yield new EmbeddedRocksDBStateBackend().configure(c, Harnesses.class.getClassLoader());
      }
      default ->
          throw new IllegalArgumentException(
              "backend is heap, rocksdb or rocksdb-bloom, was " + name);
    };
  }

  /** A keyed function keyed by userId-like {@code key}, open on {@code backend}. */
  static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> keyed(
      KeyedProcessFunction<String, I, O> fn, KeySelector<I, String> key, String backend)
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, I, O> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(fn), key, Types.STRING);
    h.setStateBackend(backend(backend));
    h.setup();
    h.open();
    return h;
  }

  /** Empties the harness's output; returns how many records it held. */
  static int drain(AbstractStreamOperatorTestHarness<?> h) {
    int n = h.getOutput().size();
    h.getOutput().clear();
    return n;
  }
}

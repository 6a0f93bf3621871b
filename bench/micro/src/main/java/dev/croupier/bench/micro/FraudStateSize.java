package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.simulator.Simulator;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.udfs.fraud.EventTimeSorter;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.live.LiveRules;
import dev.croupier.udfs.fraud.rules.FraudRule;
import dev.croupier.udfs.fraud.rules.FraudRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * How many bytes of keyed state the fraud job's operators hold per active player after the
 * simulator's traffic: every operator of the job's rule graph (player timeline, each rule behind
 * its filter, multi-accounting's link timelines and functions) on the heap backend in Flink's
 * harnesses, fed the simulator's mix in event-time order with the watermark 5 s behind (the job's
 * out-of-orderness), then snapshotted as a checkpoint would be. Prints the size of each operator's
 * full snapshot and its share per active player. Not a JMH benchmark: the figure is a size, not a
 * speed.
 *
 * <pre>
 * java -cp ... dev.croupier.bench.micro.FraudStateSize [players=20000] [hours=4]
 * </pre>
 *
 * The defaults match the end-to-end benchmark's density (its 200,000 players make ~6.3 M events in
 * 4 h of event time, ~49k of them active); 20,000 players over 4 h is a tenth of that.
 */
public final class FraudStateSize {
  private static final long OUT_OF_ORDERNESS_MS = 5_000;

  private FraudStateSize() {}

  /** One operator in the graph and where its output goes. */
  private record Stage(
      String name,
      AbstractStreamOperatorTestHarness<?> harness,
      FilterFunction<PlayerEvent> accepts,
      List<Stage> next) {}

  public static void main(String[] args) throws Exception {
    int players = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int hours = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Iterator<SimEvent> it =
        Simulator.builder()
            .players(players)
            .seed(7)
            .fraudRate(0.01)
            .start(Instant.parse("2026-01-01T00:00:00Z"))
            .duration(Duration.ofHours(hours))
            .build()
            .events(label -> {});
    List<PlayerEvent> events = new ArrayList<>();
    Set<String> active = new HashSet<>();
    while (it.hasNext()) {
      SimEvent e = it.next();
      if (!e.isBad()) {
        PlayerEvent p = BenchData.playerEvent(e.value());
        events.add(p);
        active.add(p.userId);
      }
    }

    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("fraud-state-size");
    List<Stage> roots = new ArrayList<>();
    Map<String, Stage> all = new LinkedHashMap<>();
    Stage timeline =
        new Stage(
            "player-timeline",
            sorter((PlayerEvent e) -> e.userId, dir),
            e -> true,
            new ArrayList<>());
    roots.add(timeline);
    all.put(timeline.name(), timeline);
    for (FraudRules.Configured<?> c : FraudRules.defaults().rules()) {
      String id = c.rule().id().id();
      if (c.rule() instanceof FraudRule.Keyed<?> k) {
        Stage s =
            new Stage(
                id,
                rule(fn(k.function().apply(cast(c.versions()))), e -> e.userId, dir),
                cast(k.accepts()),
                List.of());
        timeline.next().add(s);
        all.put(id, s);
      } else if (c.rule() instanceof FraudRule.Linked<?> l) {
        for (FraudRule.Link<?> link : l.links()) {
          KeySelector<PlayerEvent, String> key = cast(link.key());
          Stage fn =
              new Stage(
                  id + "/" + link.name(),
                  rule(fn(link.function().apply(cast(c.versions()))), key, dir),
                  e -> true,
                  List.of());
          Stage sorted =
              new Stage(
                  id + "/" + link.name() + " timeline",
                  sorter(key, dir),
                  cast(link.accepts()),
                  List.of(fn));
          roots.add(sorted);
          all.put(sorted.name(), sorted);
          all.put(fn.name(), fn);
        }
      }
    }

    long newest = Long.MIN_VALUE;
    int n = 0;
    long started = System.nanoTime();
    for (PlayerEvent e : events) {
      newest = Math.max(newest, e.occurredAt);
      for (Stage r : roots) {
        if (r.accepts().filter(e)) {
          process(r, e, e.occurredAt);
        }
      }
      if (++n % 1000 == 0) {
        watermark(roots, newest - OUT_OF_ORDERNESS_MS - 1);
      }
    }
    watermark(roots, newest - OUT_OF_ORDERNESS_MS - 1);
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    System.out.printf(
        "%,d events of %,d active players (%d players, %d h of event time), fed in %,d ms%n",
        events.size(), active.size(), players, hours, tookMs);
    System.out.printf("%-40s %14s %12s%n", "operator", "bytes", "bytes/player");
    long total = 0;
    for (Stage s : all.values()) {
      long bytes = snapshotBytes(s.harness());
      total += bytes;
      System.out.printf("%-40s %,14d %,12.1f%n", s.name(), bytes, bytes / (double) active.size());
    }
    System.out.printf("%-40s %,14d %,12.1f%n", "all", total, total / (double) active.size());
    for (Stage s : all.values()) {
      s.harness().close();
    }
  }

  private static long snapshotBytes(AbstractStreamOperatorTestHarness<?> h) throws Exception {
    OperatorSubtaskState state = h.snapshot(1, 1);
    long bytes = 0;
    for (KeyedStateHandle k : state.getManagedKeyedState()) {
      bytes += k.getStateSize();
    }
    return bytes;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void process(Stage s, Object value, long timestamp) throws Exception {
    if (s.harness() instanceof KeyedBroadcastOperatorTestHarness b) {
      b.processElement(new StreamRecord<>(value, timestamp));
    } else {
      ((KeyedOneInputStreamOperatorTestHarness) s.harness())
          .processElement(new StreamRecord<>(value, timestamp));
    }
    forward(s);
  }

  private static void forward(Stage s) throws Exception {
    List<StreamRecord<?>> out = new ArrayList<>();
    for (Object o : s.harness().getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        out.add(r);
      }
    }
    s.harness().getOutput().clear();
    var shadow = s.harness().getSideOutput(LiveRules.SHADOW_ALERTS);
    if (shadow != null) {
      shadow.clear();
    }
    for (StreamRecord<?> r : out) {
      for (Stage next : s.next()) {
        PlayerEvent e = (PlayerEvent) r.getValue();
        if (next.accepts().filter(e)) {
          process(next, e, r.getTimestamp());
        }
      }
    }
  }

  private static void watermark(List<Stage> stages, long t) throws Exception {
    for (Stage s : stages) {
      if (s.harness() instanceof KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> b) {
        b.processWatermark(t);
      } else {
        ((KeyedOneInputStreamOperatorTestHarness<?, ?, ?>) s.harness()).processWatermark(t);
      }
      forward(s);
      watermark(s.next(), t);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, PlayerEvent, PlayerEvent> sorter(
      KeySelector<PlayerEvent, String> key, java.nio.file.Path dir) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, PlayerEvent, PlayerEvent> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(
                EventTimeSorter.forEvents()),
            key,
            Types.STRING);
    h.setStateBackend(Harnesses.backend("heap"));
    h.setCheckpointStorage(new FileSystemCheckpointStorage(dir.toUri()));
    h.setup();
    h.open();
    return h;
  }

  private static KeyedBroadcastOperatorTestHarness<String, PlayerEvent, RuleConfig, FraudAlert>
      rule(
          KeyedBroadcastProcessFunction<String, PlayerEvent, RuleConfig, FraudAlert> fn,
          KeySelector<PlayerEvent, String> key,
          java.nio.file.Path dir)
          throws Exception {
    KeyedBroadcastOperatorTestHarness<String, PlayerEvent, RuleConfig, FraudAlert> h =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(fn, List.of(LiveRules.STATE)),
            key,
            Types.STRING,
            128,
            1,
            0);
    h.setStateBackend(Harnesses.backend("heap"));
    h.setCheckpointStorage(new FileSystemCheckpointStorage(dir.toUri()));
    h.setup();
    h.open();
    h.processBroadcastWatermark(Watermark.MAX_WATERMARK);
    return h;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static KeyedBroadcastProcessFunction<String, PlayerEvent, RuleConfig, FraudAlert> fn(
      Object f) {
    return (KeyedBroadcastProcessFunction) f;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> T cast(Object o) {
    return (T) o;
  }
}

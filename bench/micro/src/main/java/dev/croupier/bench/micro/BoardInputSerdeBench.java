package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.udfs.leaderboard.BetPlacedTypeInfo;
import dev.croupier.udfs.leaderboard.BetSettledTypeInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The leaderboard job's keyBy hop of a decoded bet or settlement: serialized by the router in the
 * source's task, read back by the leaderboards'. {@code keyByHop} is the job's serializers ({@link
 * BetPlacedTypeInfo}, {@link BetSettledTypeInfo}); {@code avroSerializerHop} is Flink's {@code
 * AvroSerializer} of the same classes, what the job used before. The simulator's bets and
 * settlements in their order. Ceiling: the same number of bytes written and read back as one array,
 * the least a hop of that record does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BoardInputSerdeBench {
  /** One record with the serializer of its class. */
  private record Hop<T>(T record, TypeSerializer<T> own, TypeSerializer<T> avro) {}

  private Hop<?>[] hops;
  private byte[][] encoded;
  private final NetworkHop hop = new NetworkHop();
  private int next;

  @Setup
  public void setUp() throws IOException {
    SerializerConfigImpl config = new SerializerConfigImpl();
    TypeSerializer<BetPlaced> ownPlaced = BetPlacedTypeInfo.INSTANCE.createSerializer(config);
    TypeSerializer<BetPlaced> avroPlaced =
        new AvroTypeInfo<>(BetPlaced.class).createSerializer(config);
    TypeSerializer<BetSettled> ownSettled = BetSettledTypeInfo.INSTANCE.createSerializer(config);
    TypeSerializer<BetSettled> avroSettled =
        new AvroTypeInfo<>(BetSettled.class).createSerializer(config);
    List<Hop<?>> all = new ArrayList<>();
    for (Object r : BenchData.records()) {
      if (r instanceof BetPlaced b) {
        all.add(new Hop<>(BetPlaced.newBuilder(b).build(), ownPlaced, avroPlaced));
      } else if (r instanceof BetSettled s) {
        all.add(new Hop<>(BetSettled.newBuilder(s).build(), ownSettled, avroSettled));
      }
    }
    hops = all.toArray(new Hop<?>[0]);
    encoded = new byte[hops.length][];
    for (int i = 0; i < hops.length; i++) {
      encoded[i] = encode(hops[i]);
    }
    if (BenchData.broken()) {
      // neither serializer can write a record without its event time
      for (Hop<?> h : hops) {
        if (h.record() instanceof BetPlaced b) {
          b.setOccurredAt(null);
        } else if (h.record() instanceof BetSettled s) {
          s.setOccurredAt(null);
        }
      }
    }
  }

  private static <T> byte[] encode(Hop<T> h) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    h.own().serialize(h.record(), out);
    return out.getCopyOfBuffer();
  }

  private int nextIndex() {
    int i = next;
    next = next + 1 == hops.length ? 0 : next + 1;
    return i;
  }

  private <T> T own(Hop<T> h) throws IOException {
    return hop.of(h.own(), h.record());
  }

  private <T> T avro(Hop<T> h) throws IOException {
    return hop.of(h.avro(), h.record());
  }

  /** One bet or settlement written and read back by the job's serializer. */
  @Benchmark
  public Object keyByHop() throws IOException {
    return own(hops[nextIndex()]);
  }

  /** The same through Flink's AvroSerializer (the job's serializer before). */
  @Benchmark
  public Object avroSerializerHop() throws IOException {
    return avro(hops[nextIndex()]);
  }

  /** Ceiling: the record's encoded length written and read back as one byte array. */
  @Benchmark
  public byte[] ceilingBytesHop() throws IOException {
    return hop.ofBytes(encoded[nextIndex()]);
  }
}

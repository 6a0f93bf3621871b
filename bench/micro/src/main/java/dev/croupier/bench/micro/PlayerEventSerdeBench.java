package dev.croupier.bench.micro;

import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerEventTypeInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The fraud job's {@link PlayerEvent} on the wire and in a checkpoint. A network hop (gate → player
 * timeline, timeline → each rule): serialized by the sending task, read back by the receiving one.
 * A checkpoint write: a sorter's buffered event written to a heap checkpoint's stream (a {@code
 * DataOutputViewStreamWrapper}, whose single-byte writes are synchronized calls). {@code *Hop} and
 * {@code checkpointWrite} are the job's serializer ({@link PlayerEventTypeInfo}); {@code pojo*} is
 * Flink's POJO serializer of the same class, what the job used before. Events of the simulator's
 * mix. Ceilings: the same number of bytes written (and read back) as one array.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PlayerEventSerdeBench {
  private PlayerEvent[] events;
  private byte[][] encoded;
  private TypeSerializer<PlayerEvent> own;
  private TypeSerializer<PlayerEvent> pojo;
  private final NetworkHop hop = new NetworkHop();

  /** A checkpoint stream that keeps nothing (the bytes' destination is not what is measured). */
  private final DataOutputViewStreamWrapper checkpoint =
      new DataOutputViewStreamWrapper(OutputStream.nullOutputStream());

  private int next;

  @Setup
  public void setUp() throws IOException {
    List<PlayerEvent> all = BenchData.playerEvents();
    events = all.toArray(new PlayerEvent[0]);
    SerializerConfigImpl config = new SerializerConfigImpl();
    own = PlayerEventTypeInfo.INSTANCE.createSerializer(config);
    pojo = Types.POJO(PlayerEvent.class).createSerializer(config);
    encoded = NetworkHop.encode(own, events);
    if (BenchData.broken()) {
      events[0] = null; // neither serializer writes a missing event
    }
  }

  private int nextIndex() {
    int i = next;
    next = next + 1 == events.length ? 0 : next + 1;
    return i;
  }

  /** One event written and read back by the job's serializer. */
  @Benchmark
  public PlayerEvent networkHop() throws IOException {
    return hop.of(own, events[nextIndex()]);
  }

  /** The same through Flink's POJO serializer (the job's network serializer before). */
  @Benchmark
  public PlayerEvent pojoSerializerHop() throws IOException {
    return hop.of(pojo, events[nextIndex()]);
  }

  /** One buffered event written to a heap checkpoint's stream by the job's serializer. */
  @Benchmark
  public int checkpointWrite() throws IOException {
    own.serialize(events[nextIndex()], checkpoint);
    return checkpoint.size();
  }

  /** The same through Flink's POJO serializer (the sorters' state serializer before). */
  @Benchmark
  public int pojoCheckpointWrite() throws IOException {
    pojo.serialize(events[nextIndex()], checkpoint);
    return checkpoint.size();
  }

  /** Ceiling of a checkpoint write: the event's encoded bytes written to the stream in one call. */
  @Benchmark
  public int ceilingCheckpointBytes() throws IOException {
    checkpoint.write(encoded[nextIndex()]);
    return checkpoint.size();
  }

  /** Ceiling: the event's encoded length written and read back as one byte array. */
  @Benchmark
  public byte[] ceilingBytesHop() throws IOException {
    return hop.ofBytes(encoded[nextIndex()]);
  }
}

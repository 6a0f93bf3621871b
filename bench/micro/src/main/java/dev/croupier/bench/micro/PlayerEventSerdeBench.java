package dev.croupier.bench.micro;

import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerEventTypeInfo;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The fraud job's network hop of a {@link PlayerEvent} (gate → player timeline, timeline → each
 * rule): serialized by the sending task, read back by the receiving one. {@code networkHop} is the
 * job's serializer ({@link PlayerEventTypeInfo}); {@code pojoSerializerHop} is Flink's POJO
 * serializer of the same class, what the job used before (and what keyed state still uses). Events
 * of the simulator's mix. Ceiling: the same number of bytes written and read back as one array.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PlayerEventSerdeBench {
  private PlayerEvent[] events;
  private byte[][] encoded;
  private TypeSerializer<PlayerEvent> own;
  private TypeSerializer<PlayerEvent> pojo;
  private final DataOutputSerializer out = new DataOutputSerializer(1024);
  private final DataInputDeserializer in = new DataInputDeserializer();
  private int next;

  @Setup
  public void setUp() throws IOException {
    List<PlayerEvent> all = BenchData.playerEvents();
    events = all.toArray(new PlayerEvent[0]);
    SerializerConfigImpl config = new SerializerConfigImpl();
    own = PlayerEventTypeInfo.INSTANCE.createSerializer(config);
    pojo = Types.POJO(PlayerEvent.class).createSerializer(config);
    encoded = new byte[events.length][];
    for (int i = 0; i < events.length; i++) {
      out.clear();
      own.serialize(events[i], out);
      encoded[i] = out.getCopyOfBuffer();
    }
    if (BenchData.broken()) {
      events[0] = null; // neither serializer writes a missing event
    }
  }

  private int nextIndex() {
    int i = next;
    next = next + 1 == events.length ? 0 : next + 1;
    return i;
  }

  private PlayerEvent hop(TypeSerializer<PlayerEvent> serializer) throws IOException {
    PlayerEvent e = events[nextIndex()];
    out.clear();
    serializer.serialize(e, out);
    in.setBuffer(out.getSharedBuffer(), 0, out.length());
    return serializer.deserialize(in);
  }

  /** One event written and read back by the job's serializer. */
  @Benchmark
  public PlayerEvent networkHop() throws IOException {
    return hop(own);
  }

  /** The same through Flink's POJO serializer (the job's network serializer before). */
  @Benchmark
  public PlayerEvent pojoSerializerHop() throws IOException {
    return hop(pojo);
  }

  /** Ceiling: the event's encoded length written and read back as one byte array. */
  @Benchmark
  public byte[] ceilingBytesHop() throws IOException {
    byte[] bytes = encoded[nextIndex()];
    out.clear();
    out.write(bytes);
    in.setBuffer(out.getSharedBuffer(), 0, out.length());
    byte[] back = new byte[bytes.length];
    in.readFully(back);
    return back;
  }
}

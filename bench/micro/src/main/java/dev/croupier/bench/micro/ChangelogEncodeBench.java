package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding the balance job's changelog: a {@link BalanceUpdated} into the Confluent wire bytes its
 * exactly-once Kafka sink sends, through the jobs' {@link AvroWireSerializer} ({@code
 * changelogEncode}, a buffer and an encoder per thread, reused). {@code freshBufferEncode} is what
 * the serializer did before: a new {@code ByteArrayOutputStream} and a new encoder per record.
 * Ceiling: the record's wire bytes copied into a new array, the one thing any encoder must hand the
 * producer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChangelogEncodeBench {
  private BalanceUpdated[] updates;
  private byte[][] encoded;
  private AvroWireSerializer<BalanceUpdated> serializer;
  private SpecificDatumWriter<BalanceUpdated> writer;
  private byte[] header;
  private int next;

  @Setup
  public void setUp() {
    serializer =
        AvroWireSerializer.forTopic(
            Topics.BALANCES, new PrefilledRegistry(), SchemaRegistration.REGISTER);
    writer = new SpecificDatumWriter<>(BalanceUpdated.class);
    updates = new BalanceUpdated[1_000];
    encoded = new byte[updates.length][];
    for (int i = 0; i < updates.length; i++) {
      BalanceUpdated u = BenchData.balanceUpdate("player-" + i);
      u.setSeq(i);
      u.setBalance(u.getBalance() * (i % 7 - 3)); // negative, zero and positive, of every length
      updates[i] = u;
      encoded[i] = serializer.serialize(u);
    }
    header = Arrays.copyOf(encoded[0], 5);
    if (BenchData.broken()) {
      updates[0].setCurrency(null); // no encoder writes a record without its currency
    }
  }

  private int nextIndex() {
    int i = next;
    next = next + 1 == updates.length ? 0 : next + 1;
    return i;
  }

  /** One update encoded by the jobs' serializer. */
  @Benchmark
  public byte[] changelogEncode() {
    return serializer.serialize(updates[nextIndex()]);
  }

  /** The same as the serializer did before: a new buffer and encoder per record. */
  @Benchmark
  public byte[] freshBufferEncode() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.writeBytes(header);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    writer.write(updates[nextIndex()], encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** Ceiling: the update's wire bytes copied into a new array. */
  @Benchmark
  public byte[] ceilingCopyBytes() {
    byte[] bytes = encoded[nextIndex()];
    return Arrays.copyOf(bytes, bytes.length);
  }
}

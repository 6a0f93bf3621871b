package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.schemas.wire.WireFormat;
import dev.croupier.udfs.kafka.EventTimeBounds;
import dev.croupier.udfs.kafka.RegistryClientFactory;
import dev.croupier.udfs.kafka.WireDeserializationSchema;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding: Confluent wire-format bytes of the simulator's mix (bets, settlements, payments,
 * logins) into the generated records through the jobs' own {@link WireDeserializationSchema} (magic
 * byte, schema id, writer-schema resolution, field rules, event-time bounds as the fraud and
 * leaderboard jobs set them, metrics). Its schema cache is warm: every schema id is decoded once in
 * {@code @Setup}. Ceiling: Avro's own {@link SpecificDatumReader} over the same body bytes, the
 * least any decoder of this format does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBench {
  private ConsumerRecord<byte[], byte[]>[] records;
  private WireDeserializationSchema<?>[] schemas;
  private SpecificDatumReader<?>[] readers;
  private int[] schemaOf; // by record: which topic's deserializer and reader
  private final LastElement out = new LastElement();
  private BinaryDecoder decoder;
  private int next;

  @Setup
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void setUp() throws Exception {
    PrefilledRegistry registry = new PrefilledRegistry();
    RegistryClientFactory clients = config -> registry;
    EventTimeBounds bounds = EventTimeBounds.of(Duration.ofMinutes(5), Duration.ofSeconds(5));
    List<Topic<?>> topics = List.of(Topics.BETS, Topics.ROUNDS, Topics.PAYMENTS, Topics.ACCOUNTS);
    Map<Class<?>, Integer> index = new HashMap<>();
    Map<Class<?>, AvroWireSerializer> serializers = new HashMap<>();
    schemas = new WireDeserializationSchema<?>[topics.size()];
    readers = new SpecificDatumReader<?>[topics.size()];
    for (int i = 0; i < topics.size(); i++) {
      Topic<?> t = topics.get(i);
      index.put(t.recordClass(), i);
      serializers.put(
          t.recordClass(), AvroWireSerializer.forTopic(t, registry, SchemaRegistration.REGISTER));
      WireDeserializationSchema<?> s =
          new WireDeserializationSchema<>(
              (Topic) t, RegistryConfig.of("http://127.0.0.1:1"), "bench", clients, bounds);
      s.open(new Context());
      schemas[i] = s;
      readers[i] = new SpecificDatumReader<>(t.recordClass());
    }
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    for (SpecificRecordBase r : BenchData.records()) {
      Topic<?> t = topics.get(index.get(r.getClass()));
      byte[] value = serializers.get(r.getClass()).serialize(r);
      if (BenchData.broken()) {
        value[value.length / 2] ^= 0x5a; // a flipped byte in the body
        value = java.util.Arrays.copyOf(value, value.length - 1);
      }
      long at = ((Topic) t).eventTimeOf(r);
      all.add(
          new ConsumerRecord<>(
              t.name(),
              0,
              all.size(),
              at,
              org.apache.kafka.common.record.TimestampType.CREATE_TIME,
              0,
              value.length,
              ((Topic) t).keyBytesOf(r),
              value,
              new org.apache.kafka.common.header.internals.RecordHeaders(),
              java.util.Optional.empty()));
    }
    records = all.toArray(new ConsumerRecord[0]);
    schemaOf = new int[records.length];
    for (int i = 0; i < records.length; i++) {
      schemaOf[i] = schemaOf(records[i]);
    }
    // Warm the schema cache: one record of each schema id before the measured loop.
    for (int i = 0; i < Math.min(records.length, 1_000); i++) {
      decodeWithTheJobsDeserializer();
    }
    next = 0;
  }

  private int schemaOf(ConsumerRecord<byte[], byte[]> r) {
    return switch (r.topic()) {
      case "platform.bets" -> 0;
      case "platform.rounds" -> 1;
      case "platform.payments" -> 2;
      default -> 3;
    };
  }

  /** One record through the jobs' deserializer. */
  @Benchmark
  public Object decodeWithTheJobsDeserializer() throws IOException {
    int i = next;
    next = next + 1 == records.length ? 0 : next + 1;
    ConsumerRecord<byte[], byte[]> r = records[i];
    deserialize(schemas[schemaOf[i]], r);
    Either<DeadLetter, ?> e = out.last;
    if (e == null || e.isLeft()) {
      throw new IllegalStateException(
          "record " + r.offset() + " did not decode: " + (e == null ? "nothing" : e.left()));
    }
    return e.right();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void deserialize(WireDeserializationSchema schema, ConsumerRecord<byte[], byte[]> r)
      throws IOException {
    out.last = null;
    schema.deserialize(r, (Collector) out);
  }

  /** Ceiling: Avro's reader alone over the same body (no header, registry, rules or metrics). */
  @Benchmark
  public Object ceilingAvroReaderOnly() throws IOException {
    int i = next;
    next = next + 1 == records.length ? 0 : next + 1;
    ConsumerRecord<byte[], byte[]> r = records[i];
    byte[] v = r.value();
    decoder =
        DecoderFactory.get()
            .binaryDecoder(
                v, WireFormat.HEADER_LENGTH, v.length - WireFormat.HEADER_LENGTH, decoder);
    Object record = readers[schemaOf[i]].read(null, decoder);
    if (!decoder.isEnd()) {
      throw new IllegalStateException("record " + r.offset() + " has bytes left after its body");
    }
    return record;
  }

  /** Keeps what the deserializer emitted last. */
  private static final class LastElement implements Collector<Either<DeadLetter, Object>> {
    Either<DeadLetter, ?> last;

    @Override
    public void collect(Either<DeadLetter, Object> record) {
      last = record;
    }

    @Override
    public void close() {}
  }

  /** What Flink hands a deserializer in {@code open}: metrics go nowhere. */
  private static final class Context implements DeserializationSchema.InitializationContext {
    @Override
    public MetricGroup getMetricGroup() {
      return new UnregisteredMetricsGroup();
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
      return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
    }
  }
}

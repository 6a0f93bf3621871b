package dev.croupier.udfs.kafka;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.wire.AvroWireDecoder;
import dev.croupier.schemas.wire.DeadLetterReason;
import dev.croupier.schemas.wire.Decoded;
import dev.croupier.udfs.dlq.DeadLetterCounters;
import dev.croupier.udfs.metrics.CroupierMetrics;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic's Confluent wire-format values for a KafkaSource: {@code Right(record)} for good
 * records, {@code Left(deadLetter)} for bad input (split them with the udfs' DeadLetterRouter).
 * Both sides are Avro types for Flink, never Kryo. Counts decoded records and dead letters per
 * reason ({@link DeadLetterCounters}). A registry outage throws (see {@link AvroWireDecoder}).
 *
 * <p>The registry client is created in {@link #open}; Kafka's deserialization schema has no close
 * hook, so it lives as long as the source reader.
 */
public final class WireDeserializationSchema<T extends SpecificRecordBase>
    implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(WireDeserializationSchema.class);

  /** The counter of records decoded, in the {@code croupier} group. */
  public static final String DECODED_COUNTER = "decodedRecords";

  private static final DeadLetterReason[] DECODING_REASONS = {
    DeadLetterReason.NULL_VALUE,
    DeadLetterReason.BAD_MAGIC_BYTE,
    DeadLetterReason.TRUNCATED,
    DeadLetterReason.UNKNOWN_SCHEMA_ID,
    DeadLetterReason.SCHEMA_MISMATCH,
    DeadLetterReason.CORRUPT_BODY,
    DeadLetterReason.FIELD_RULE
  };

  private final Topic<T> topic;
  private final RegistryConfig registry;
  private final String job;
  private final RegistryClientFactory clients;
  private transient AvroWireDecoder<T> decoder;
  private transient DeadLetterCounters deadLetters;
  private transient Counter decodedRecords;

  /**
   * Reads {@code topic} through the registry at {@code registry}; dead letters name {@code job}.
   */
  public WireDeserializationSchema(Topic<T> topic, RegistryConfig registry, String job) {
    this(topic, registry, job, RegistryClientFactory.rest());
  }

  public WireDeserializationSchema(
      Topic<T> topic, RegistryConfig registry, String job, RegistryClientFactory clients) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.job = job == null ? "" : job;
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  @Override
  public void open(InitializationContext context) {
    decoder = new AvroWireDecoder<>(topic, clients.create(registry), job);
    deadLetters = DeadLetterCounters.register(context.getMetricGroup(), DECODING_REASONS);
    decodedRecords = CroupierMetrics.of(context.getMetricGroup()).counter(DECODED_COUNTER);
    LOG.info("Decoding {} with writer schemas from {}", topic, registry);
  }

  @Override
  public void deserialize(
      ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
    Decoded<T> decoded =
        decoder.decode(
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            record.timestamp());
    if (decoded.isRecord()) {
      decodedRecords.inc();
      out.collect(Either.Right(decoded.record()));
    } else {
      deadLetters.count(decoded.reason());
      out.collect(Either.Left(decoded.deadLetter()));
    }
  }

  @Override
  public TypeInformation<Either<DeadLetter, T>> getProducedType() {
    return new EitherTypeInfo<>(
        new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(topic.recordClass()));
  }
}

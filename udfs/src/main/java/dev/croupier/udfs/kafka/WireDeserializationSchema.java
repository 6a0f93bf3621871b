package dev.croupier.udfs.kafka;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.wire.AvroWireDecoder;
import dev.croupier.schemas.wire.DeadLetterReason;
import dev.croupier.schemas.wire.DeadLetters;
import dev.croupier.schemas.wire.Decoded;
import dev.croupier.schemas.wire.RawRecord;
import dev.croupier.schemas.wire.WireFormat;
import dev.croupier.udfs.dlq.DeadLetterCounters;
import dev.croupier.udfs.metrics.CroupierMetrics;
import java.time.Instant;
import java.util.Arrays;
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
 * <p>With {@link EventTimeBounds}, a decoded record whose event time lies too far ahead of its
 * Kafka timestamp is a dead letter ({@code future-event-time}), and one behind the newest event
 * time of its partition by more than the allowed disorder is marked late (see {@link
 * DecodedRecords}): both decided here, in partition order, before any watermark sees them.
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
    DeadLetterReason.FOREIGN_SCHEMA,
    DeadLetterReason.SCHEMA_MISMATCH,
    DeadLetterReason.CORRUPT_BODY,
    DeadLetterReason.FIELD_RULE,
    DeadLetterReason.OVERSIZED_FIELD,
    DeadLetterReason.AMOUNT_OVERFLOW,
    DeadLetterReason.FUTURE_EVENT_TIME
  };

  private final Topic<T> topic;
  private final RegistryConfig registry;
  private final String job;
  private final RegistryClientFactory clients;
  private final EventTimeBounds bounds;
  private transient AvroWireDecoder<T> decoder;
  private transient DeadLetters deadLetters;
  private transient DeadLetterCounters deadLetterCounters;
  private transient Counter decodedRecords;
  private transient long maxAheadMs;
  private transient long disorderMs;
  // Newest event time per partition, indexed by partition (NONE: no record yet): no boxing.
  private transient long[] newestByPartition;
  private static final long NONE = Long.MIN_VALUE;

  /**
   * Reads {@code topic} through the registry at {@code registry}; dead letters name {@code job}.
   */
  public WireDeserializationSchema(Topic<T> topic, RegistryConfig registry, String job) {
    this(topic, registry, job, RegistryClientFactory.rest(), null);
  }

  public WireDeserializationSchema(
      Topic<T> topic, RegistryConfig registry, String job, RegistryClientFactory clients) {
    this(topic, registry, job, clients, null);
  }

  /** As above, checking event time against {@code bounds} (null: no event-time checks). */
  public WireDeserializationSchema(
      Topic<T> topic,
      RegistryConfig registry,
      String job,
      RegistryClientFactory clients,
      EventTimeBounds bounds) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.job = job == null ? "" : job;
    this.clients = Objects.requireNonNull(clients, "clients");
    if (bounds != null && !topic.hasEventTime()) {
      throw new IllegalArgumentException(topic + " records carry no event time to bound");
    }
    this.bounds = bounds;
  }

  @Override
  public void open(InitializationContext context) {
    decoder =
        new AvroWireDecoder<>(
            topic,
            clients.create(registry),
            job,
            registry.missingIdRetry(),
            registry.missingIdCache());
    deadLetters = new DeadLetters(job);
    deadLetterCounters = DeadLetterCounters.register(context.getMetricGroup(), DECODING_REASONS);
    decodedRecords = CroupierMetrics.of(context.getMetricGroup()).counter(DECODED_COUNTER);
    newestByPartition = new long[0];
    if (bounds != null) {
      maxAheadMs = bounds.maxAhead().toMillis();
      disorderMs = bounds.marksLate() ? bounds.disorder().toMillis() : 0;
    }
    LOG.info("Decoding {} with writer schemas from {}, event time {}", topic, registry, bounds);
  }

  @Override
  public void deserialize(
      ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
    RawRecord raw =
        new RawRecord(
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            record.timestamp());
    Decoded<T> decoded = decoder.decode(raw);
    if (!decoded.isRecord()) {
      deadLetter(raw, decoded.reason(), decoded.deadLetter(), out);
      return;
    }
    T value = decoded.record();
    boolean late = false;
    if (bounds != null) {
      long at = topic.eventTimeOf(value);
      long reference = raw.timestamp() >= 0 ? raw.timestamp() : System.currentTimeMillis();
      if (at - reference > maxAheadMs) {
        DeadLetter letter =
            deadLetters.asRead(
                raw,
                DeadLetterReason.FUTURE_EVENT_TIME,
                "occurredAt "
                    + Instant.ofEpochMilli(at)
                    + " is more than "
                    + bounds.maxAhead()
                    + " ahead of the record's "
                    + (raw.timestamp() >= 0 ? "Kafka timestamp " : "arrival at ")
                    + Instant.ofEpochMilli(reference),
                WireFormat.schemaId(raw.value()));
        deadLetter(raw, DeadLetterReason.FUTURE_EVENT_TIME, letter, out);
        return;
      }
      if (bounds.marksLate()) {
        late = isBehindItsPartition(raw.partition(), at);
      }
    }
    decodedRecords.inc();
    DecodedRecords.emit(out, Either.Right(value), value, raw, late);
  }

  /**
   * Whether {@code at} is more than the allowed disorder behind the newest event time of {@code
   * partition} so far; a record that is not moves the partition's newest time.
   */
  private boolean isBehindItsPartition(int partition, long at) {
    if (partition >= newestByPartition.length) {
      int length = newestByPartition.length;
      newestByPartition = Arrays.copyOf(newestByPartition, partition + 1);
      Arrays.fill(newestByPartition, length, partition + 1, NONE);
    }
    long newest = newestByPartition[partition];
    if (newest != NONE && at < newest - disorderMs) {
      return true;
    }
    if (newest == NONE || at > newest) {
      newestByPartition[partition] = at;
    }
    return false;
  }

  private void deadLetter(
      RawRecord raw,
      DeadLetterReason reason,
      DeadLetter letter,
      Collector<Either<DeadLetter, T>> out) {
    deadLetterCounters.count(reason);
    DecodedRecords.emit(out, Either.Left(letter), letter, raw, false);
  }

  @Override
  public TypeInformation<Either<DeadLetter, T>> getProducedType() {
    return new EitherTypeInfo<>(
        new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(topic.recordClass()));
  }
}

package dev.croupier.schemas.wire;

import static dev.croupier.schemas.wire.DeadLetterReason.BAD_MAGIC_BYTE;
import static dev.croupier.schemas.wire.DeadLetterReason.CORRUPT_BODY;
import static dev.croupier.schemas.wire.DeadLetterReason.NULL_VALUE;
import static dev.croupier.schemas.wire.DeadLetterReason.TRUNCATED;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.rules.FieldViolation;
import dev.croupier.schemas.topics.Topic;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecordBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Confluent wire-format values of one topic into its generated class. The writer schema is
 * fetched by the header's id and resolved against the class's schema (Avro schema resolution), so
 * data written with an older compatible schema still reads; what each id means is decided once
 * ({@link WriterSchemas}: ids the registry does not know are asked again for a short retry window,
 * then remembered).
 *
 * <p>Bad data never throws: it comes back as a {@link DeadLetter} with a {@link DeadLetterReason}
 * (an id of a JSON or Protobuf schema, or of one that does not parse, is {@code foreign-schema}). A
 * registry that cannot be reached (5xx or I/O after the client's retries) is not bad data: that
 * {@link dev.croupier.schemas.registry.SchemaRegistryException} propagates, so a Flink job fails
 * and restarts instead of dead-lettering good records. Not thread-safe: use one per thread (in
 * Flink, one per subtask).
 */
public final class AvroWireDecoder<T extends SpecificRecordBase> {
  private static final Logger LOG = LoggerFactory.getLogger(AvroWireDecoder.class);

  private final Topic<T> topic;
  private final DeadLetters deadLetters;
  private final WriterSchemas<T> writers;
  private BinaryDecoder decoder; // reused across records: Avro re-targets it at each value

  /**
   * A decoder that dead-letters an unknown id at once (tools, tests); jobs give a retry window.
   *
   * @param topic the contract to decode into (its name is not used: records carry their topic)
   * @param job the job name stamped into dead letters ("" when none)
   */
  public AvroWireDecoder(Topic<T> topic, SchemaRegistryClient registry, String job) {
    this(topic, registry, job, Duration.ZERO, Duration.ofMinutes(1));
  }

  /**
   * @param missingIdRetry how long an id the registry answers 404 for is asked again before its
   *     record is dead-lettered
   * @param missingIdCache how long such a 404 is then trusted without asking
   */
  public AvroWireDecoder(
      Topic<T> topic,
      SchemaRegistryClient registry,
      String job,
      Duration missingIdRetry,
      Duration missingIdCache) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.deadLetters = new DeadLetters(job == null ? "" : job);
    this.writers =
        new WriterSchemas<>(
            topic, Objects.requireNonNull(registry, "registry"), missingIdRetry, missingIdCache);
  }

  /**
   * Decodes one Kafka value.
   *
   * @param timestamp the Kafka record timestamp, negative when unknown
   */
  public Decoded<T> decode(
      String sourceTopic, int partition, long offset, byte[] key, byte[] value, long timestamp) {
    return decode(new RawRecord(sourceTopic, partition, offset, key, value, timestamp));
  }

  /** Decodes one Kafka record. */
  public Decoded<T> decode(RawRecord raw) {
    byte[] value = raw.value();
    if (value == null) {
      return dead(raw, NULL_VALUE, "the value is null (a tombstone)", null);
    }
    if (value.length > 0 && value[0] != WireFormat.MAGIC_BYTE) {
      return dead(
          raw, BAD_MAGIC_BYTE, String.format("first byte is 0x%02x, not 0x00", value[0]), null);
    }
    if (value.length < WireFormat.HEADER_LENGTH) {
      return dead(raw, TRUNCATED, value.length + " bytes, shorter than the 5-byte header", null);
    }
    int schemaId = WireFormat.schemaId(value);
    WriterSchemas.Verdict<T> writer = writers.of(schemaId);
    if (!writer.readable()) {
      return dead(raw, writer.reason(), writer.detail(), schemaId);
    }
    T record;
    try {
      int bodyLength = value.length - WireFormat.HEADER_LENGTH;
      decoder =
          DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_LENGTH, bodyLength, decoder);
      record = writer.reader().datumReader().read(null, decoder);
      if (!decoder.isEnd()) {
        String detail = decoder.remainingBytes() + " bytes left after the record";
        return dead(raw, CORRUPT_BODY, detail + " (schema id " + schemaId + ")", schemaId);
      }
    } catch (SecurityException e) {
      throw e; // Avro's trusted-packages check: a JVM set-up error, not bad data
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      // A huge length prefix makes Avro try to allocate it: bad data, not a JVM failure.
      String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
      return dead(raw, CORRUPT_BODY, detail, schemaId);
    }
    Optional<FieldViolation> violation = topic.rules().firstViolation(record);
    if (violation.isPresent()) {
      return dead(raw, violation.get().reason(), violation.get().detail(), schemaId);
    }
    return Decoded.record(record);
  }

  /** Registry requests made for writer schemas so far (tests). */
  long registryRequests() {
    return writers.requests();
  }

  private Decoded<T> dead(RawRecord raw, DeadLetterReason reason, String detail, Integer schemaId) {
    LOG.debug(
        "Dead letter {} at {}-{}@{}: {}",
        reason,
        raw.topic(),
        raw.partition(),
        raw.offset(),
        detail);
    return Decoded.deadLetter(reason, deadLetters.asRead(raw, reason, detail, schemaId));
  }
}

package dev.croupier.schemas.wire;

import static dev.croupier.schemas.wire.DeadLetterReason.BAD_MAGIC_BYTE;
import static dev.croupier.schemas.wire.DeadLetterReason.CORRUPT_BODY;
import static dev.croupier.schemas.wire.DeadLetterReason.FIELD_RULE;
import static dev.croupier.schemas.wire.DeadLetterReason.NULL_VALUE;
import static dev.croupier.schemas.wire.DeadLetterReason.SCHEMA_MISMATCH;
import static dev.croupier.schemas.wire.DeadLetterReason.TRUNCATED;
import static dev.croupier.schemas.wire.DeadLetterReason.UNKNOWN_SCHEMA_ID;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.registry.SchemaNotFoundException;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
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
 * data written with an older compatible schema still reads; one reader is cached per writer id.
 *
 * <p>Bad data never throws: it comes back as a {@link DeadLetter} with a {@link DeadLetterReason}.
 * A registry that cannot be reached (5xx or I/O after the client's retries) is not bad data: that
 * {@link dev.croupier.schemas.registry.SchemaRegistryException} propagates, so a Flink job fails
 * and restarts instead of dead-lettering good records. Only a 404 for the id counts as bad data.
 * Not thread-safe: use one per thread (in Flink, one per subtask).
 */
public final class AvroWireDecoder<T extends SpecificRecordBase> {
  private static final Logger LOG = LoggerFactory.getLogger(AvroWireDecoder.class);

  private final Topic<T> topic;
  private final SchemaRegistryClient registry;
  private final DeadLetters deadLetters;
  private final Map<Integer, WriterReader<T>> readers = new HashMap<>();
  private BinaryDecoder decoder; // reused across records: Avro re-targets it at each value

  /**
   * @param topic the contract to decode into (its name is not used: records carry their topic)
   * @param job the job name stamped into dead letters ("" when none)
   */
  public AvroWireDecoder(Topic<T> topic, SchemaRegistryClient registry, String job) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.deadLetters = new DeadLetters(job == null ? "" : job);
  }

  /**
   * Decodes one Kafka value.
   *
   * @param timestamp the Kafka record timestamp, negative when unknown
   */
  public Decoded<T> decode(
      String sourceTopic, int partition, long offset, byte[] key, byte[] value, long timestamp) {
    RawRecord raw = new RawRecord(sourceTopic, partition, offset, key, value, timestamp);
    if (value == null) {
      return raw.dead(NULL_VALUE, "the value is null (a tombstone)", null);
    }
    if (value.length > 0 && value[0] != WireFormat.MAGIC_BYTE) {
      return raw.dead(
          BAD_MAGIC_BYTE, String.format("first byte is 0x%02x, not 0x00", value[0]), null);
    }
    if (value.length < WireFormat.HEADER_LENGTH) {
      return raw.dead(TRUNCATED, value.length + " bytes, shorter than the 5-byte header", null);
    }
    int schemaId = WireFormat.schemaId(value);
    WriterReader<T> reader;
    try {
      reader = readerFor(schemaId);
    } catch (SchemaNotFoundException e) {
      return raw.dead(
          UNKNOWN_SCHEMA_ID, "schema id " + schemaId + " is not in the registry", schemaId);
    }
    if (!reader.canRead()) {
      return raw.dead(SCHEMA_MISMATCH, reader.mismatch(), schemaId);
    }
    T record;
    try {
      int bodyLength = value.length - WireFormat.HEADER_LENGTH;
      decoder =
          DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_LENGTH, bodyLength, decoder);
      record = reader.datumReader().read(null, decoder);
      if (!decoder.isEnd()) {
        String detail = decoder.remainingBytes() + " bytes left after the record";
        return raw.dead(CORRUPT_BODY, detail + " (schema id " + schemaId + ")", schemaId);
      }
    } catch (SecurityException e) {
      throw e; // Avro's trusted-packages check: a JVM set-up error, not bad data
    } catch (IOException | RuntimeException e) {
      return raw.dead(CORRUPT_BODY, e.getClass().getSimpleName() + ": " + e.getMessage(), schemaId);
    }
    Optional<String> violation = topic.rules().firstViolation(record);
    if (violation.isPresent()) {
      return raw.dead(FIELD_RULE, violation.get(), schemaId);
    }
    return Decoded.record(record);
  }

  private WriterReader<T> readerFor(int schemaId) {
    WriterReader<T> reader = readers.get(schemaId);
    if (reader == null) {
      reader = WriterReader.of(registry.getSchemaById(schemaId), topic);
      readers.put(schemaId, reader);
    }
    return reader;
  }

  /** The Kafka coordinates of the record being decoded, for the dead letter. */
  private final class RawRecord {
    final String sourceTopic;
    final int partition;
    final long offset;
    final byte[] key;
    final byte[] value;
    final long timestamp;

    RawRecord(String sourceTopic, int partition, long offset, byte[] key, byte[] value, long ts) {
      this.sourceTopic = sourceTopic;
      this.partition = partition;
      this.offset = offset;
      this.key = key;
      this.value = value;
      this.timestamp = ts;
    }

    Decoded<T> dead(DeadLetterReason reason, String detail, Integer schemaId) {
      LOG.debug("Dead letter {} at {}-{}@{}: {}", reason, sourceTopic, partition, offset, detail);
      DeadLetter letter =
          deadLetters.undecodable(
              sourceTopic, partition, offset, key, value, reason, detail, schemaId, timestamp);
      return Decoded.deadLetter(reason, letter);
    }
  }
}

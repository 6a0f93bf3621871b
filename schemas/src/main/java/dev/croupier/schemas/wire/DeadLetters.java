package dev.croupier.schemas.wire;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topic;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Builds every {@link DeadLetter} of one job, stamped with the job's name: the one place that fills
 * the record, whatever refused the input.
 *
 * <ul>
 *   <li>{@link #undecodable}: the decoder's refusals, with the Kafka coordinates and raw bytes.
 *   <li>{@link #of}: a decoded record refused later ({@code late}, {@code currency-mismatch}, ...).
 *       The wire bytes are gone by then, so the value is the record in Avro single-object encoding
 *       (bytes C3 01, the schema's 8-byte fingerprint, the body), readable with e.g. {@code
 *       BetPlaced.getDecoder()}; partition and offset are -1, schemaId null.
 *   <li>{@link #withoutValue}: an event known only by topic, key and time (the balance ledger sees
 *       a normalised entry, not the record): no value.
 * </ul>
 *
 * Details longer than 500 characters are cut. Serializable, so Flink functions can carry one.
 */
public final class DeadLetters implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_DETAIL_LENGTH = 500;

  private final String job;
  private transient Map<Class<?>, BinaryMessageEncoder<?>> encoders;

  /** Dead letters of {@code job} ("" when there is none, e.g. a command-line tool). */
  public DeadLetters(String job) {
    this.job = Objects.requireNonNull(job, "job");
  }

  public String job() {
    return job;
  }

  /**
   * A Kafka record that could not be decoded, as it was read.
   *
   * @param schemaId the header's schema id, or null when the header was unreadable
   * @param timestamp the Kafka timestamp (ms), negative when unknown
   */
  public DeadLetter undecodable(
      String sourceTopic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      DeadLetterReason reason,
      String detail,
      Integer schemaId,
      long timestamp) {
    return build(
        sourceTopic,
        partition,
        offset,
        key,
        value == null ? null : ByteBuffer.wrap(value),
        reason,
        detail,
        schemaId,
        timestamp < 0 ? null : timestamp);
  }

  /** A dead letter for {@code record} read from {@code topic}, without a known timestamp. */
  public <T extends SpecificRecordBase> DeadLetter of(
      Topic<T> topic, T record, DeadLetterReason reason, String detail) {
    return of(topic, record, reason, detail, null);
  }

  /**
   * A dead letter for {@code record} read from {@code topic}.
   *
   * @param timestamp the record's timestamp in the stream (ms), or null when unknown
   */
  public <T extends SpecificRecordBase> DeadLetter of(
      Topic<T> topic, T record, DeadLetterReason reason, String detail, Long timestamp) {
    return build(
        topic.name(),
        -1,
        -1,
        topic.keyBytesOf(record),
        encode(topic, record),
        reason,
        detail,
        null,
        timestamp);
  }

  /**
   * A dead letter for an event of {@code sourceTopic} keyed {@code key} (UTF-8) whose record is no
   * longer at hand: no value, partition and offset -1.
   */
  public DeadLetter withoutValue(
      String sourceTopic, String key, DeadLetterReason reason, String detail, long timestamp) {
    return build(
        sourceTopic,
        -1,
        -1,
        key.getBytes(StandardCharsets.UTF_8),
        null,
        reason,
        detail,
        null,
        timestamp);
  }

  private DeadLetter build(
      String sourceTopic,
      int partition,
      long offset,
      byte[] key,
      ByteBuffer value,
      DeadLetterReason reason,
      String detail,
      Integer schemaId,
      Long timestamp) {
    return DeadLetter.newBuilder()
        .setSourceTopic(sourceTopic)
        .setPartition(partition)
        .setOffset(offset)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value)
        .setReason(reason.code())
        .setDetail(
            detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) : detail)
        .setSchemaId(schemaId)
        .setRecordTimestamp(timestamp == null ? null : Instant.ofEpochMilli(timestamp))
        .setJob(job)
        .build();
  }

  /** One encoder per record class: building one hashes the schema, too costly per record. */
  @SuppressWarnings("unchecked")
  private <T extends SpecificRecordBase> ByteBuffer encode(Topic<T> topic, T record) {
    if (encoders == null) {
      encoders = new HashMap<>();
    }
    BinaryMessageEncoder<T> encoder =
        (BinaryMessageEncoder<T>)
            encoders.computeIfAbsent(
                topic.recordClass(),
                c -> new BinaryMessageEncoder<T>(SpecificData.getForClass(c), topic.schema()));
    try {
      return encoder.encode(record);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a " + topic.recordClass().getSimpleName(), e);
    }
  }
}

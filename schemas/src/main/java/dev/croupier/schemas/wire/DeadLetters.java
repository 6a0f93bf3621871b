package dev.croupier.schemas.wire;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topic;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
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
 *   <li>{@link #asRead}: a Kafka record refused as it was read, with its coordinates and raw bytes
 *       (the decoder's refusals, and later refusals that still know where the record came from).
 *   <li>{@link #of}: a decoded record refused later, its wire bytes gone: the value is the record
 *       in Avro single-object encoding (bytes C3 01, the schema's 8-byte fingerprint, the body),
 *       readable with e.g. {@code BetPlaced.getDecoder()}; partition and offset are -1, schemaId
 *       null.
 *   <li>{@link #withoutValue}: an event known only by topic, key and time: no value.
 * </ul>
 *
 * A dead letter never grows with its input: key and value keep at most {@link #MAX_COPIED_BYTES}
 * (with {@code keySize}, {@code valueSize} and the value's SHA-256 telling the whole), details at
 * most 500 characters. Serializable, so Flink functions can carry one.
 */
public final class DeadLetters implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_DETAIL_LENGTH = 500;

  /**
   * The most bytes of a key or value a dead letter copies: a 1 MiB record makes a 64 KiB dead
   * letter, far below any producer's {@code max.request.size}.
   */
  public static final int MAX_COPIED_BYTES = 64 * 1024;

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
   * A Kafka record refused as it was read.
   *
   * @param schemaId the header's schema id, or null when the header was unreadable
   */
  public DeadLetter asRead(
      RawRecord raw, DeadLetterReason reason, String detail, Integer schemaId) {
    return build(
        raw.topic(),
        raw.partition(),
        raw.offset(),
        raw.key(),
        raw.value(),
        reason,
        detail,
        schemaId,
        raw.timestamp() < 0 ? null : raw.timestamp());
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
    return asRead(
        new RawRecord(sourceTopic, partition, offset, key, value, timestamp),
        reason,
        detail,
        schemaId);
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
      byte[] value,
      DeadLetterReason reason,
      String detail,
      Integer schemaId,
      Long timestamp) {
    return DeadLetter.newBuilder()
        .setSourceTopic(sourceTopic)
        .setPartition(partition)
        .setOffset(offset)
        .setKey(bounded(key))
        .setKeySize(key == null ? null : key.length)
        .setValue(bounded(value))
        .setValueSize(value == null ? null : value.length)
        .setValueSha256(value == null ? null : sha256(value))
        .setReason(reason.code())
        .setDetail(
            detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) : detail)
        .setSchemaId(schemaId)
        .setRecordTimestamp(timestamp == null ? null : Instant.ofEpochMilli(timestamp))
        .setJob(job)
        .build();
  }

  private static ByteBuffer bounded(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    return ByteBuffer.wrap(
        bytes.length <= MAX_COPIED_BYTES ? bytes : Arrays.copyOf(bytes, MAX_COPIED_BYTES));
  }

  /** The SHA-256 of {@code bytes} in lower-case hex: how a dead letter names its whole value. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** One encoder per record class: building one hashes the schema, too costly per record. */
  @SuppressWarnings("unchecked")
  private <T extends SpecificRecordBase> byte[] encode(Topic<T> topic, T record) {
    if (encoders == null) {
      encoders = new HashMap<>();
    }
    BinaryMessageEncoder<T> encoder =
        (BinaryMessageEncoder<T>)
            encoders.computeIfAbsent(
                topic.recordClass(),
                c -> new BinaryMessageEncoder<T>(SpecificData.getForClass(c), topic.schema()));
    try {
      ByteBuffer encoded = encoder.encode(record);
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a " + topic.recordClass().getSimpleName(), e);
    }
  }
}

package dev.croupier.udfs.dlq;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.wire.DeadLetterReason;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Builds the dead letters that a job adds after decoding ({@code late}, {@code currency-mismatch},
 * ...), stamped with the job's name. The original wire bytes are gone by then, so the value is the
 * record in Avro single-object encoding (bytes C3 01, the schema's 8-byte fingerprint, the body),
 * readable with e.g. {@code BetPlaced.getDecoder()}; partition and offset are -1, schemaId null.
 */
public final class DeadLetters implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String job;
  private transient Map<Class<?>, BinaryMessageEncoder<?>> encoders;

  public DeadLetters(String job) {
    this.job = Objects.requireNonNull(job, "job");
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
    byte[] key = topic.keyBytesOf(record);
    return DeadLetter.newBuilder()
        .setSourceTopic(topic.name())
        .setPartition(-1)
        .setOffset(-1)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(encode(topic, record))
        .setReason(reason.code())
        .setDetail(detail)
        .setSchemaId(null)
        .setRecordTimestamp(timestamp == null ? null : Instant.ofEpochMilli(timestamp))
        .setJob(job)
        .build();
  }

  public String job() {
    return job;
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

package dev.croupier.schemas.wire;

import dev.croupier.schemas.avro.DeadLetter;
import java.util.Objects;

/** What {@link AvroWireDecoder} made of one Kafka record: either the record or a dead letter. */
public final class Decoded<T> {

  private final T record;
  private final DeadLetter deadLetter;
  private final DeadLetterReason reason;

  private Decoded(T record, DeadLetter deadLetter, DeadLetterReason reason) {
    this.record = record;
    this.deadLetter = deadLetter;
    this.reason = reason;
  }

  public static <T> Decoded<T> record(T record) {
    return new Decoded<>(Objects.requireNonNull(record, "record"), null, null);
  }

  public static <T> Decoded<T> deadLetter(DeadLetterReason reason, DeadLetter deadLetter) {
    return new Decoded<>(
        null, Objects.requireNonNull(deadLetter, "deadLetter"), Objects.requireNonNull(reason));
  }

  public boolean isRecord() {
    return record != null;
  }

  /** The decoded record; throws if this is a dead letter. */
  public T record() {
    if (record == null) {
      throw new IllegalStateException("a dead letter (" + reason + "), not a record");
    }
    return record;
  }

  /** The dead letter; throws if this is a record. */
  public DeadLetter deadLetter() {
    if (deadLetter == null) {
      throw new IllegalStateException("a record, not a dead letter");
    }
    return deadLetter;
  }

  /** Why the record was dead-lettered, or null for a record. */
  public DeadLetterReason reason() {
    return reason;
  }

  @Override
  public String toString() {
    return isRecord() ? "Decoded{" + record + "}" : "Decoded{" + reason + ": " + deadLetter + "}";
  }
}

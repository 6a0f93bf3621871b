package dev.croupier.simulator.event;

import dev.croupier.schemas.topics.Topic;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record the simulator sends: its topic (one of {@code Topics.INPUTS}), key (the userId) and
 * event time, and either an Avro value or, for a {@link BadRecordKind#NOT_WIRE_FORMAT} record, raw
 * bytes. {@code bad} is null for every good record.
 */
public record SimEvent(
    Topic<?> topic,
    String key,
    long occurredAt,
    SpecificRecord value,
    byte[] raw,
    BadRecordKind bad) {

  public SimEvent {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    if ((value == null) == (raw == null)) {
      throw new IllegalArgumentException("exactly one of value and raw must be set");
    }
  }

  /** A good record. */
  public static SimEvent of(Topic<?> topic, String key, long occurredAt, SpecificRecord value) {
    return new SimEvent(topic, key, occurredAt, value, null, null);
  }

  /** The event's eventId (the first field of every input record), or null for raw bytes. */
  public String eventId() {
    return value == null ? null : (String) value.get(0);
  }

  /** Whether this is one of the deliberately broken records. */
  public boolean isBad() {
    return bad != null;
  }
}

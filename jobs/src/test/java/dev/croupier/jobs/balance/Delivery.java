package dev.croupier.jobs.balance;

import dev.croupier.schemas.topics.Topic;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * One Kafka record of the balance job's input: to which topic (one of {@code Topics.BETS}, {@code
 * ROUNDS}, {@code PAYMENTS}), under which key, and either an Avro record (serialized through the
 * registry) or raw bytes; {@code fault} says how it is bad, if at all.
 */
public record Delivery(
    Topic<?> topic, String key, SpecificRecordBase record, byte[] rawValue, Fault fault) {

  /** How a record is bad (NONE: a good record, possibly a duplicate delivery). */
  public enum Fault {
    NONE,
    GARBAGE_BYTES,
    NEGATIVE_AMOUNT,
    UNKNOWN_SCHEMA_ID,
    CURRENCY_MISMATCH
  }

  public static Delivery good(Topic<?> topic, String key, SpecificRecordBase record) {
    return new Delivery(topic, key, record, null, Fault.NONE);
  }

  public boolean isBad() {
    return fault != Fault.NONE;
  }
}

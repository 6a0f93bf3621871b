package dev.croupier.jobs.balance;

import org.apache.avro.specific.SpecificRecordBase;

/**
 * One Kafka record the balance IT produces: to which input, under which key, and either an Avro
 * record (serialized through the registry) or raw bytes; {@code fault} says how it is bad, if at
 * all.
 */
public record Delivery(
    Input input, String key, SpecificRecordBase record, byte[] rawValue, Fault fault) {

  /** The job's three inputs. */
  public enum Input {
    BETS,
    ROUNDS,
    PAYMENTS
  }

  /** How a record is bad (NONE: a good record, possibly a duplicate delivery). */
  public enum Fault {
    NONE,
    GARBAGE_BYTES,
    NEGATIVE_AMOUNT,
    UNKNOWN_SCHEMA_ID,
    CURRENCY_MISMATCH
  }

  public static Delivery good(Input input, String key, SpecificRecordBase record) {
    return new Delivery(input, key, record, null, Fault.NONE);
  }

  public boolean isBad() {
    return fault != Fault.NONE;
  }
}

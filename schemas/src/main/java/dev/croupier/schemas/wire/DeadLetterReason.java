package dev.croupier.schemas.wire;

/**
 * The stable reason codes of dead-letter records, in one place. The code is what lands in {@code
 * DeadLetter.reason} and in metric labels: never rename one, only add. docs/dead-letters.md has one
 * row per code (who sets it, what triggers it, what an operator does); a test keeps the two in
 * step.
 */
public enum DeadLetterReason {
  /** A null Kafka value (a tombstone) where a record was expected. */
  NULL_VALUE("null-value"),
  /** The first byte is not the wire format's magic byte 0. */
  BAD_MAGIC_BYTE("bad-magic-byte"),
  /** Shorter than the 5-byte wire header. */
  TRUNCATED("truncated"),
  /** The registry answered 404 for the header's schema id, also after the retry window. */
  UNKNOWN_SCHEMA_ID("unknown-schema-id"),
  /** The id names a JSON or Protobuf schema, or a schema that does not parse as Avro. */
  FOREIGN_SCHEMA("foreign-schema"),
  /** The writer schema exists but cannot be read as this topic's record (e.g. another type). */
  SCHEMA_MISMATCH("schema-mismatch"),
  /** Avro could not decode the body, or bytes were left over after the record. */
  CORRUPT_BODY("corrupt-body"),
  /** Decoded, but broke a field rule (negative stake, blank userId, ...). */
  FIELD_RULE("field-rule"),
  /** Decoded, but a text field is longer than the field rules allow. */
  OVERSIZED_FIELD("oversized-field"),
  /** An amount beyond the field rules' bound, or one that would overflow a running sum. */
  AMOUNT_OVERFLOW("amount-overflow"),
  /** The event time lies further ahead of the record's Kafka timestamp than the job allows. */
  FUTURE_EVENT_TIME("future-event-time"),
  /** An enum symbol this version of Croupier does not know, where its meaning moves money. */
  UNKNOWN_SYMBOL("unknown-symbol"),
  /** The event's currency differs from the one the player's state is kept in. */
  CURRENCY_MISMATCH("currency-mismatch"),
  /** Behind the event time its partition had already passed, by more than the job allows. */
  LATE("late"),
  /**
   * A rules record (risk.rules) the fraud job did not accept: an unknown rule, a bad threshold, a
   * version that is not newer than the live one; the live version stays.
   */
  RULE_REJECTED("rule-rejected");

  private final String code;

  DeadLetterReason(String code) {
    this.code = code;
  }

  /** The stable code, e.g. {@code bad-magic-byte}. */
  public String code() {
    return code;
  }

  /** The reason with {@code code}; throws IllegalArgumentException for an unknown code. */
  public static DeadLetterReason ofCode(String code) {
    for (DeadLetterReason reason : values()) {
      if (reason.code.equals(code)) {
        return reason;
      }
    }
    throw new IllegalArgumentException("unknown dead-letter reason code: " + code);
  }

  @Override
  public String toString() {
    return code;
  }
}

package dev.croupier.schemas.rules;

import static dev.croupier.schemas.wire.DeadLetterReason.AMOUNT_OVERFLOW;
import static dev.croupier.schemas.wire.DeadLetterReason.FIELD_RULE;
import static dev.croupier.schemas.wire.DeadLetterReason.OVERSIZED_FIELD;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.RuleConfig;
import java.time.Instant;
import java.util.Optional;

/**
 * The field rules of the input records: non-blank eventId and userId, occurredAt present and not
 * before {@link #EARLIEST_OCCURRED_AT}, money between 0 and {@link #MAX_AMOUNT}, a three-letter
 * upper-case currency, coordinates in range, and no text longer than {@link #MAX_TEXT_LENGTH}
 * characters. Each check returns null when it passes, so a good record builds no strings; the first
 * failure, with its dead-letter reason, becomes the detail.
 */
public final class FieldRules {

  /**
   * The longest id, device, address or country accepted, in characters. Real ids are tens of
   * characters; the bound keeps one record from bloating state, Redis keys and the changelog.
   */
  public static final int MAX_TEXT_LENGTH = 256;

  /**
   * The largest amount (stake, payout, payment) accepted, in minor units: 10^14, a trillion in
   * major units. Far above any real bet, and low enough that the jobs' arithmetic stays exact in a
   * {@code long}: a percentage (up to 1000) of an amount, and the sums over a fraud rule's window
   * of at most 10,000 events, both stay below 2^63.
   */
  public static final long MAX_AMOUNT = 100_000_000_000_000L;

  /** The earliest event time accepted: older is a unit or clock error (e.g. seconds as ms). */
  public static final Instant EARLIEST_OCCURRED_AT = Instant.parse("2000-01-01T00:00:00Z");

  private FieldRules() {}

  public static Optional<FieldViolation> betPlaced(BetPlaced r) {
    return first(
        event(r.getEventId(), r.getUserId(), r.getOccurredAt()),
        text("betId", r.getBetId()),
        text("gameId", r.getGameId()),
        text("roundId", r.getRoundId()),
        text("sessionId", r.getSessionId()),
        amount("stake", r.getStake()),
        currency(r.getCurrency()));
  }

  public static Optional<FieldViolation> betSettled(BetSettled r) {
    return first(
        event(r.getEventId(), r.getUserId(), r.getOccurredAt()),
        text("betId", r.getBetId()),
        text("gameId", r.getGameId()),
        text("roundId", r.getRoundId()),
        text("counterpartyUserId", r.getCounterpartyUserId()),
        amount("stake", r.getStake()),
        amount("payout", r.getPayout()),
        currency(r.getCurrency()));
  }

  public static Optional<FieldViolation> payment(PaymentEvent r) {
    return first(
        event(r.getEventId(), r.getUserId(), r.getOccurredAt()),
        text("paymentId", r.getPaymentId()),
        text("instrumentId", r.getInstrumentId()),
        text("ip", r.getIp()),
        text("deviceId", r.getDeviceId()),
        amount("amount", r.getAmount()),
        currency(r.getCurrency()));
  }

  public static Optional<FieldViolation> account(AccountEvent r) {
    return first(
        event(r.getEventId(), r.getUserId(), r.getOccurredAt()),
        text("ip", r.getIp()),
        text("deviceId", r.getDeviceId()),
        text("country", r.getCountry()),
        within("latitude", r.getLatitude(), 90),
        within("longitude", r.getLongitude(), 180));
  }

  /**
   * A rules record's shape: a rule id, a version of at least 1, cool-downs not negative. Whether
   * the rule exists, its thresholds and its version history are the fraud job's to judge.
   */
  public static Optional<FieldViolation> ruleConfig(RuleConfig r) {
    return first(
        notBlank("ruleId", r.getRuleId()),
        r.getVersion() < 1
            ? new FieldViolation(FIELD_RULE, "version must be >= 1, was " + r.getVersion())
            : null,
        r.getCoolDownMillis() == null ? null : nonNegative("coolDownMillis", r.getCoolDownMillis()),
        r.getShadow() == null || r.getShadow().getCoolDownMillis() == null
            ? null
            : nonNegative("shadow.coolDownMillis", r.getShadow().getCoolDownMillis()));
  }

  private static FieldViolation nonNegative(String field, long value) {
    return value < 0 ? new FieldViolation(FIELD_RULE, field + " must be >= 0, was " + value) : null;
  }

  /** The first violation in rule order; the checks are cheap and allocate only on failure. */
  private static Optional<FieldViolation> first(FieldViolation... violations) {
    for (FieldViolation violation : violations) {
      if (violation != null) {
        return Optional.of(violation);
      }
    }
    return Optional.empty();
  }

  private static FieldViolation event(String eventId, String userId, Instant occurredAt) {
    FieldViolation v = notBlank("eventId", eventId);
    if (v == null) {
      v = notBlank("userId", userId);
    }
    if (v == null && occurredAt == null) {
      v = new FieldViolation(FIELD_RULE, "occurredAt must be present");
    }
    if (v == null && occurredAt.isBefore(EARLIEST_OCCURRED_AT)) {
      v =
          new FieldViolation(
              FIELD_RULE,
              "occurredAt must not be before " + EARLIEST_OCCURRED_AT + ", was " + occurredAt);
    }
    return v;
  }

  private static FieldViolation notBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      return new FieldViolation(FIELD_RULE, field + " must not be blank, was " + quoted(value));
    }
    return text(field, value);
  }

  /** Optional or required text: at most {@link #MAX_TEXT_LENGTH} characters when present. */
  private static FieldViolation text(String field, String value) {
    if (value == null || value.length() <= MAX_TEXT_LENGTH) {
      return null;
    }
    // The value itself is not quoted: it is what makes the record too big.
    return new FieldViolation(
        OVERSIZED_FIELD,
        field
            + " is "
            + value.length()
            + " characters long, more than the "
            + MAX_TEXT_LENGTH
            + " allowed");
  }

  private static FieldViolation amount(String field, long value) {
    if (value < 0) {
      return new FieldViolation(FIELD_RULE, field + " must be >= 0, was " + value);
    }
    if (value > MAX_AMOUNT) {
      return new FieldViolation(
          AMOUNT_OVERFLOW, field + " must be <= " + MAX_AMOUNT + " minor units, was " + value);
    }
    return null;
  }

  /** ISO-4217 shape only (three letters A-Z); whether the code exists is not checked. */
  private static FieldViolation currency(String value) {
    boolean ok = value != null && value.length() == 3;
    for (int i = 0; ok && i < 3; i++) {
      char c = value.charAt(i);
      ok = c >= 'A' && c <= 'Z';
    }
    if (ok) {
      return null;
    }
    FieldViolation tooLong = text("currency", value);
    return tooLong != null
        ? tooLong
        : new FieldViolation(
            FIELD_RULE, "currency must be 3 upper-case letters, was " + quoted(value));
  }

  /** Optional coordinates: absent is fine, present must be a finite value within +-bound. */
  private static FieldViolation within(String field, Double value, int bound) {
    if (value == null || (value >= -bound && value <= bound)) {
      return null; // NaN fails both comparisons and falls through to the violation
    }
    return new FieldViolation(
        FIELD_RULE, field + " must be within [-" + bound + ", " + bound + "], was " + value);
  }

  private static String quoted(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}

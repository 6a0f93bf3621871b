package dev.croupier.schemas.rules;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.RuleConfig;
import java.time.Instant;
import java.util.Optional;

/**
 * The field rules of the input records: non-blank eventId and userId, occurredAt present,
 * non-negative money, a three-letter upper-case currency, coordinates in range. Each check returns
 * null when it passes, so a good record builds no strings; the first failure becomes the detail.
 */
public final class FieldRules {

  private FieldRules() {}

  public static Optional<String> betPlaced(BetPlaced r) {
    return first(
        event(r.getEventId(), r.getUserId(), r.getOccurredAt()),
        nonNegative("stake", r.getStake()),
        currency(r.getCurrency()));
  }

  public static Optional<String> betSettled(BetSettled r) {
    return first(
        event(r.getEventId(), r.getUserId(), r.getOccurredAt()),
        nonNegative("stake", r.getStake()),
        nonNegative("payout", r.getPayout()),
        currency(r.getCurrency()));
  }

  public static Optional<String> payment(PaymentEvent r) {
    return first(
        event(r.getEventId(), r.getUserId(), r.getOccurredAt()),
        nonNegative("amount", r.getAmount()),
        currency(r.getCurrency()));
  }

  public static Optional<String> account(AccountEvent r) {
    return first(
        event(r.getEventId(), r.getUserId(), r.getOccurredAt()),
        within("latitude", r.getLatitude(), 90),
        within("longitude", r.getLongitude(), 180));
  }

  /**
   * A rules record's shape: a rule id, a version of at least 1, cool-downs not negative. Whether
   * the rule exists, its thresholds and its version history are the fraud job's to judge.
   */
  public static Optional<String> ruleConfig(RuleConfig r) {
    return first(
        notBlank("ruleId", r.getRuleId()),
        r.getVersion() < 1 ? "version must be >= 1, was " + r.getVersion() : null,
        r.getCoolDownMillis() == null ? null : nonNegative("coolDownMillis", r.getCoolDownMillis()),
        r.getShadow() == null || r.getShadow().getCoolDownMillis() == null
            ? null
            : nonNegative("shadow.coolDownMillis", r.getShadow().getCoolDownMillis()));
  }

  /** The first violation in rule order; the checks are cheap and allocate only on failure. */
  private static Optional<String> first(String... violations) {
    for (String violation : violations) {
      if (violation != null) {
        return Optional.of(violation);
      }
    }
    return Optional.empty();
  }

  private static String event(String eventId, String userId, Instant occurredAt) {
    String v = notBlank("eventId", eventId);
    if (v == null) {
      v = notBlank("userId", userId);
    }
    if (v == null && occurredAt == null) {
      v = "occurredAt must be present";
    }
    return v;
  }

  private static String notBlank(String field, String value) {
    return value == null || value.isBlank()
        ? field + " must not be blank, was " + quoted(value)
        : null;
  }

  private static String nonNegative(String field, long value) {
    return value < 0 ? field + " must be >= 0, was " + value : null;
  }

  /** ISO-4217 shape only (three letters A-Z); whether the code exists is not checked. */
  private static String currency(String value) {
    boolean ok = value != null && value.length() == 3;
    for (int i = 0; ok && i < 3; i++) {
      char c = value.charAt(i);
      ok = c >= 'A' && c <= 'Z';
    }
    return ok ? null : "currency must be 3 upper-case letters, was " + quoted(value);
  }

  /** Optional coordinates: absent is fine, present must be a finite value within +-bound. */
  private static String within(String field, Double value, int bound) {
    if (value == null || (value >= -bound && value <= bound)) {
      return null; // NaN fails both comparisons and falls through to the violation
    }
    return field + " must be within [-" + bound + ", " + bound + "], was " + value;
  }

  private static String quoted(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}

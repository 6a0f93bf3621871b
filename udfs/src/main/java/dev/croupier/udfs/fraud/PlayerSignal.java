package dev.croupier.udfs.fraud;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the pre-aggregating functions feed the CEP patterns: one sparse, already-annotated step of
 * a sequence (a qualifying deposit, a burst of failed logins, ...). Keeping CEP on these instead of
 * the raw streams is what keeps it fast and its state small. A Flink POJO.
 */
public class PlayerSignal {

  /** The step a signal stands for. */
  public enum Kind {
    DEPOSIT,
    BONUS,
    REGISTERED,
    WITHDRAWAL_REQUEST,
    FAILED_LOGINS,
    NEW_DEVICE_LOGIN,
    PAYOUT_DETAILS_CHANGED,
    FAILED_DEPOSITS,
    DEPOSIT_COMPLETED
  }

  public Kind kind;
  public String userId;
  /** Event time of the event that produced the signal. */
  public long at;
  /** Amount of the payment, in minor units; 0 when not a payment. */
  public long amount;
  public String currency;
  /** The player's running stake total when this event happened (see StakeStamper). */
  public long stakedSoFar;
  /** Event time of the earliest event in {@link #evidence}. */
  public long firstAt;
  /** Number of events the signal summarises (failed logins, failed deposits). */
  public int count;
  /** Number of distinct instruments among them (card testing). */
  public int distinct;
  /** Free text for summaries: device and IP of a login, ... */
  public String detail;
  /** eventIds of the events this signal stands for, oldest first. */
  public List<String> evidence = new ArrayList<>();

  public PlayerSignal() {}

  /** A signal for a single event. */
  public static PlayerSignal of(Kind kind, PlayerEvent e) {
    PlayerSignal s = new PlayerSignal();
    s.kind = kind;
    s.userId = e.userId;
    s.at = e.occurredAt;
    s.firstAt = e.occurredAt;
    s.amount = e.amount;
    s.currency = e.currency;
    s.count = 1;
    s.evidence.add(e.eventId);
    return s;
  }

  public boolean is(Kind k) {
    return kind == k;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PlayerSignal s)) {
      return false;
    }
    return kind == s.kind && at == s.at && amount == s.amount && stakedSoFar == s.stakedSoFar
        && firstAt == s.firstAt && count == s.count && distinct == s.distinct
        && Objects.equals(userId, s.userId) && Objects.equals(currency, s.currency)
        && Objects.equals(detail, s.detail) && Objects.equals(evidence, s.evidence);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, userId, at, evidence);
  }

  @Override
  public String toString() {
    return kind + "{" + userId + ", at=" + at + ", amount=" + amount + ", staked=" + stakedSoFar + ", first="
        + firstAt + ", count=" + count + ", distinct=" + distinct + ", evidence=" + evidence + "}";
  }
}

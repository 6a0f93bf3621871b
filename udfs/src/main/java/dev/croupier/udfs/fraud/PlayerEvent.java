package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import java.util.Objects;

/**
 * One input event of any of the four platform topics, flattened to what the fraud rules read. A
 * Flink POJO (public fields, no Kryo), so one keyed timeline per player can carry bets, rounds,
 * payments and account events in event-time order. Instances are never mutated once built.
 */
public class PlayerEvent {

  /**
   * Which input topic of {@link Topics} the event came from. A tag rather than the topic itself
   * because it is a field of keyed state (the player timelines): this enum's class and constant
   * names are part of savepoints.
   */
  public enum Source {
    BET(Topics.BETS),
    SETTLEMENT(Topics.ROUNDS),
    PAYMENT(Topics.PAYMENTS),
    ACCOUNT(Topics.ACCOUNTS);

    private final Topic<?> topic;

    Source(Topic<?> topic) {
      this.topic = topic;
    }

    /** The topic's contract (under its default name). */
    public Topic<?> topic() {
      return topic;
    }
  }

  public Source source;
  public String eventId;
  public String userId;
  public long occurredAt;
  public String currency;
  // BET and SETTLEMENT
  public long stake;
  public long payout;
  public BetOutcome outcome;
  public String counterpartyUserId;
  // PAYMENT
  public PaymentKind paymentKind;
  public PaymentStatus paymentStatus;
  public long amount;
  public String instrumentId;
  // PAYMENT and ACCOUNT
  public String ip;
  public String deviceId;
  // ACCOUNT
  public AccountEventKind accountKind;
  public String country;
  public Double latitude;
  public Double longitude;

  public PlayerEvent() {}

  private PlayerEvent(Source source, String eventId, String userId, long occurredAt) {
    this.source = source;
    this.eventId = eventId;
    this.userId = userId;
    this.occurredAt = occurredAt;
  }

  public static PlayerEvent of(BetPlaced b) {
    PlayerEvent e =
        new PlayerEvent(
            Source.BET, b.getEventId(), b.getUserId(), b.getOccurredAt().toEpochMilli());
    e.stake = b.getStake();
    e.currency = b.getCurrency();
    return e;
  }

  public static PlayerEvent of(BetSettled s) {
    PlayerEvent e =
        new PlayerEvent(
            Source.SETTLEMENT, s.getEventId(), s.getUserId(), s.getOccurredAt().toEpochMilli());
    e.stake = s.getStake();
    e.payout = s.getPayout();
    e.outcome = s.getOutcome();
    e.counterpartyUserId = s.getCounterpartyUserId();
    e.currency = s.getCurrency();
    return e;
  }

  public static PlayerEvent of(PaymentEvent p) {
    PlayerEvent e =
        new PlayerEvent(
            Source.PAYMENT, p.getEventId(), p.getUserId(), p.getOccurredAt().toEpochMilli());
    e.paymentKind = p.getKind();
    e.paymentStatus = p.getStatus();
    e.amount = p.getAmount();
    e.currency = p.getCurrency();
    e.instrumentId = p.getInstrumentId();
    e.ip = p.getIp();
    e.deviceId = p.getDeviceId();
    return e;
  }

  public static PlayerEvent of(AccountEvent a) {
    PlayerEvent e =
        new PlayerEvent(
            Source.ACCOUNT, a.getEventId(), a.getUserId(), a.getOccurredAt().toEpochMilli());
    e.accountKind = a.getKind();
    e.ip = a.getIp();
    e.deviceId = a.getDeviceId();
    e.country = a.getCountry();
    e.latitude = a.getLatitude();
    e.longitude = a.getLongitude();
    return e;
  }

  /**
   * A copy with only what places the event on a timeline: source, eventId, userId, occurredAt. For
   * keyed state that reads no more of a held event: the heap backend writes every field into every
   * checkpoint, and the same type keeps savepoints of whole events readable.
   */
  public PlayerEvent idAndTime() {
    return new PlayerEvent(source, eventId, userId, occurredAt);
  }

  /** {@link #idAndTime()} and where a login came from: device, country and coordinates. */
  public PlayerEvent idTimeAndPlace() {
    PlayerEvent e = idAndTime();
    e.accountKind = accountKind;
    e.deviceId = deviceId;
    e.country = country;
    e.latitude = latitude;
    e.longitude = longitude;
    return e;
  }

  public boolean isBet() {
    return source == Source.BET;
  }

  public boolean isSettlement() {
    return source == Source.SETTLEMENT;
  }

  public boolean isPayment(PaymentKind kind, PaymentStatus status) {
    return source == Source.PAYMENT && paymentKind == kind && paymentStatus == status;
  }

  public boolean isAccount(AccountEventKind kind) {
    return source == Source.ACCOUNT && accountKind == kind;
  }

  public boolean hasLocation() {
    return latitude != null && longitude != null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PlayerEvent e)) {
      return false;
    }
    return occurredAt == e.occurredAt
        && stake == e.stake
        && payout == e.payout
        && amount == e.amount
        && source == e.source
        && Objects.equals(eventId, e.eventId)
        && Objects.equals(userId, e.userId)
        && Objects.equals(currency, e.currency)
        && outcome == e.outcome
        && Objects.equals(counterpartyUserId, e.counterpartyUserId)
        && paymentKind == e.paymentKind
        && paymentStatus == e.paymentStatus
        && Objects.equals(instrumentId, e.instrumentId)
        && Objects.equals(ip, e.ip)
        && Objects.equals(deviceId, e.deviceId)
        && accountKind == e.accountKind
        && Objects.equals(country, e.country)
        && Objects.equals(latitude, e.latitude)
        && Objects.equals(longitude, e.longitude);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, occurredAt);
  }

  @Override
  public String toString() {
    return source + "{" + eventId + ", user=" + userId + ", at=" + occurredAt + "}";
  }
}

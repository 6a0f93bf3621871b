package dev.croupier.udfs.balance;

import java.util.Objects;

/**
 * One input event normalised for the ledger: who, when, in which currency, and the signed change it
 * makes to the balance and to each lifetime total (minor units). A Flink POJO, so it travels
 * between operators without Kryo; built by {@link LedgerEntries}.
 */
public final class LedgerEntry {
  private String eventId;
  private String userId;
  private long occurredAt;
  private String currency;
  private String sourceTopic;
  private long balance;
  private long deposited;
  private long withdrawn;
  private long staked;
  private long paidOut;
  private long bonus;

  /** For Flink's POJO serializer. */
  public LedgerEntry() {}

  LedgerEntry(String eventId, String userId, long occurredAt, String currency, String sourceTopic) {
    this.eventId = eventId;
    this.userId = userId;
    this.occurredAt = occurredAt;
    this.currency = currency;
    this.sourceTopic = sourceTopic;
  }

  /**
   * True when the event moves neither the balance nor any total (e.g. a deposit only requested).
   */
  public boolean hasNoEffect() {
    return balance == 0
        && deposited == 0
        && withdrawn == 0
        && staked == 0
        && paidOut == 0
        && bonus == 0;
  }

  public String getEventId() {
    return eventId;
  }

  public void setEventId(String eventId) {
    this.eventId = eventId;
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }

  /** Event time, epoch milliseconds. */
  public long getOccurredAt() {
    return occurredAt;
  }

  public void setOccurredAt(long occurredAt) {
    this.occurredAt = occurredAt;
  }

  public String getCurrency() {
    return currency;
  }

  public void setCurrency(String currency) {
    this.currency = currency;
  }

  /** The topic the event came from, named in dead letters. */
  public String getSourceTopic() {
    return sourceTopic;
  }

  public void setSourceTopic(String sourceTopic) {
    this.sourceTopic = sourceTopic;
  }

  public long getBalance() {
    return balance;
  }

  public void setBalance(long balance) {
    this.balance = balance;
  }

  public long getDeposited() {
    return deposited;
  }

  public void setDeposited(long deposited) {
    this.deposited = deposited;
  }

  public long getWithdrawn() {
    return withdrawn;
  }

  public void setWithdrawn(long withdrawn) {
    this.withdrawn = withdrawn;
  }

  public long getStaked() {
    return staked;
  }

  public void setStaked(long staked) {
    this.staked = staked;
  }

  public long getPaidOut() {
    return paidOut;
  }

  public void setPaidOut(long paidOut) {
    this.paidOut = paidOut;
  }

  public long getBonus() {
    return bonus;
  }

  public void setBonus(long bonus) {
    this.bonus = bonus;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LedgerEntry e
        && occurredAt == e.occurredAt
        && balance == e.balance
        && deposited == e.deposited
        && withdrawn == e.withdrawn
        && staked == e.staked
        && paidOut == e.paidOut
        && bonus == e.bonus
        && Objects.equals(eventId, e.eventId)
        && Objects.equals(userId, e.userId)
        && Objects.equals(currency, e.currency)
        && Objects.equals(sourceTopic, e.sourceTopic);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, userId, occurredAt, currency, balance);
  }

  @Override
  public String toString() {
    return "LedgerEntry{"
        + eventId
        + " "
        + userId
        + " @"
        + occurredAt
        + " "
        + currency
        + " balance="
        + balance
        + " deposited="
        + deposited
        + " withdrawn="
        + withdrawn
        + " staked="
        + staked
        + " paidOut="
        + paidOut
        + " bonus="
        + bonus
        + " from "
        + sourceTopic
        + "}";
  }
}

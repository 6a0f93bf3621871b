package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.BalanceUpdated;
import java.time.Instant;

/**
 * A player's ledger state: currency (fixed by the first event applied), balance, lifetime totals,
 * the sequence number of the last update and the event that produced it. A Flink POJO kept in keyed
 * state without TTL: a balance must never vanish.
 */
public final class PlayerBalance {
  private String currency;
  private long balance;
  private long deposited;
  private long withdrawn;
  private long staked;
  private long paidOut;
  private long bonus;
  private long seq;
  private String lastEventId;
  private long updatedAt;

  /** For Flink's POJO serializer. */
  public PlayerBalance() {}

  /** An empty ledger in {@code currency}, before its first update (seq 0). */
  public static PlayerBalance opening(String currency) {
    PlayerBalance b = new PlayerBalance();
    b.currency = currency;
    return b;
  }

  /**
   * Adds the entry's deltas, bumps seq and records the event. All sums are computed before any
   * field changes, so an overflow (ArithmeticException) leaves this object untouched.
   */
  public void apply(LedgerEntry e) {
    long newBalance = Math.addExact(balance, e.getBalance());
    long newDeposited = Math.addExact(deposited, e.getDeposited());
    long newWithdrawn = Math.addExact(withdrawn, e.getWithdrawn());
    long newStaked = Math.addExact(staked, e.getStaked());
    long newPaidOut = Math.addExact(paidOut, e.getPaidOut());
    long newBonus = Math.addExact(bonus, e.getBonus());
    balance = newBalance;
    deposited = newDeposited;
    withdrawn = newWithdrawn;
    staked = newStaked;
    paidOut = newPaidOut;
    bonus = newBonus;
    seq++;
    lastEventId = e.getEventId();
    updatedAt = e.getOccurredAt();
  }

  /** The changelog record for the current state. */
  public BalanceUpdated toUpdate(String userId) {
    return BalanceUpdated.newBuilder()
        .setUserId(userId)
        .setSeq(seq)
        .setCurrency(currency)
        .setBalance(balance)
        .setDeposited(deposited)
        .setWithdrawn(withdrawn)
        .setStaked(staked)
        .setPaidOut(paidOut)
        .setBonus(bonus)
        .setLastEventId(lastEventId)
        .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
        .build();
  }

  public String getCurrency() {
    return currency;
  }

  public void setCurrency(String currency) {
    this.currency = currency;
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

  public long getSeq() {
    return seq;
  }

  public void setSeq(long seq) {
    this.seq = seq;
  }

  public String getLastEventId() {
    return lastEventId;
  }

  public void setLastEventId(String lastEventId) {
    this.lastEventId = lastEventId;
  }

  public long getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(long updatedAt) {
    this.updatedAt = updatedAt;
  }
}

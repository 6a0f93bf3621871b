package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.BalanceUpdated;
import java.time.Instant;

/**
 * A player's ledger state: currency (fixed by the first event applied), balance and lifetime
 * totals, the sequence number of the last update and the event that produced it. A Flink POJO kept
 * in keyed state without TTL: a balance must never vanish.
 */
public final class PlayerBalance {
  private String currency;
  private Amounts amounts = new Amounts();
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
   * Adds the entry's change, bumps seq and records the event. The sums are computed before anything
   * changes, so an overflow (ArithmeticException) leaves this state untouched.
   */
  public void apply(LedgerEntry e) {
    amounts = amounts.plusExact(e.getDelta());
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
        .setBalance(amounts.getBalance())
        .setDeposited(amounts.getDeposited())
        .setWithdrawn(amounts.getWithdrawn())
        .setStaked(amounts.getStaked())
        .setPaidOut(amounts.getPaidOut())
        .setBonus(amounts.getBonus())
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

  public Amounts getAmounts() {
    return amounts;
  }

  public void setAmounts(Amounts amounts) {
    this.amounts = amounts;
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

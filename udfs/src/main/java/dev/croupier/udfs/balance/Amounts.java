package dev.croupier.udfs.balance;

import java.util.Objects;

/**
 * A balance and the five lifetime totals, in minor units: the change one event makes ({@link
 * LedgerEntry#getDelta()}) or a player's running sums ({@link PlayerBalance#getAmounts()}). A Flink
 * POJO; sums never wrap around silently.
 */
public final class Amounts {
  private long balance;
  private long deposited;
  private long withdrawn;
  private long staked;
  private long paidOut;
  private long bonus;

  /** All zero; also for Flink's POJO serializer. */
  public Amounts() {}

  /** True when nothing moves: no balance change and no total change. */
  public boolean isZero() {
    return balance == 0
        && deposited == 0
        && withdrawn == 0
        && staked == 0
        && paidOut == 0
        && bonus == 0;
  }

  /** The field-by-field sum; throws ArithmeticException if any field would overflow a long. */
  public Amounts plusExact(Amounts d) {
    Amounts sum = new Amounts();
    sum.balance = Math.addExact(balance, d.balance);
    sum.deposited = Math.addExact(deposited, d.deposited);
    sum.withdrawn = Math.addExact(withdrawn, d.withdrawn);
    sum.staked = Math.addExact(staked, d.staked);
    sum.paidOut = Math.addExact(paidOut, d.paidOut);
    sum.bonus = Math.addExact(bonus, d.bonus);
    return sum;
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
    return o instanceof Amounts a
        && balance == a.balance
        && deposited == a.deposited
        && withdrawn == a.withdrawn
        && staked == a.staked
        && paidOut == a.paidOut
        && bonus == a.bonus;
  }

  @Override
  public int hashCode() {
    return Objects.hash(balance, deposited, withdrawn, staked, paidOut, bonus);
  }

  @Override
  public String toString() {
    return "balance="
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
        + bonus;
  }
}

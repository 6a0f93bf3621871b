package dev.croupier.udfs.fraud;

/**
 * A payment (a deposit, a bonus) or registration a sequence rule holds on to, with the player's
 * running totals when it happened: what was staked (and won) between it and a later event is the
 * difference of the totals. A Flink POJO.
 */
public class HeldPayment {
  public String eventId;
  public long at;
  public long amount;
  public String currency;

  /** The running stake total when it happened. */
  public long staked;

  /** The running net win (payouts − stakes of settlements) when it happened. */
  public long netWon;

  public HeldPayment() {}

  public static HeldPayment of(PlayerEvent e, long staked, long netWon) {
    HeldPayment h = new HeldPayment();
    h.eventId = e.eventId;
    h.at = e.occurredAt;
    h.amount = e.amount;
    h.currency = e.currency;
    h.staked = staked;
    h.netWon = netWon;
    return h;
  }

  /** Whether {@code mark} (null: none) lies before this payment. */
  public boolean after(EventMark mark) {
    return mark == null || mark.before(at, eventId);
  }
}

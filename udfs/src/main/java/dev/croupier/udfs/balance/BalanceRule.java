package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import java.util.EnumMap;
import java.util.Map;

/**
 * The balance rule (docs/balance.md) as data: for each event type (and payment kind × status) the
 * sign with which its amount moves the balance and which lifetime total it moves. BONUS REVERSED
 * mirrors DEPOSIT REVERSED (the bonus is taken back); REQUESTED/FAILED deposits and bonuses and
 * COMPLETED withdrawals change nothing (a withdrawal is debited when requested).
 */
public final class BalanceRule {

  /** The lifetime total an event moves. */
  public enum Total {
    NONE,
    DEPOSITED,
    WITHDRAWN,
    STAKED,
    PAID_OUT,
    BONUS
  }

  /** balance += balanceSign × amount; total += totalSign × amount. */
  public record Effect(int balanceSign, Total total, int totalSign) {
    public static final Effect NONE = new Effect(0, Total.NONE, 0);

    /** Writes the signed deltas of {@code amount} into {@code entry}. */
    void applyTo(LedgerEntry entry, long amount) {
      Amounts d = entry.getDelta();
      d.setBalance(balanceSign * amount);
      long delta = totalSign * amount;
      switch (total) {
        case DEPOSITED -> d.setDeposited(delta);
        case WITHDRAWN -> d.setWithdrawn(delta);
        case STAKED -> d.setStaked(delta);
        case PAID_OUT -> d.setPaidOut(delta);
        case BONUS -> d.setBonus(delta);
        case NONE -> {}
      }
    }
  }

  /** A stake leaves the balance and counts as staked. */
  public static final Effect BET_PLACED = new Effect(-1, Total.STAKED, +1);

  /** A settlement credits its payout (see {@link #settlementCredit}) and counts it as paid out. */
  public static final Effect BET_SETTLED = new Effect(+1, Total.PAID_OUT, +1);

  private static final Map<PaymentKind, Map<PaymentStatus, Effect>> PAYMENTS = paymentTable();

  private BalanceRule() {}

  /** The effect of a payment step; every kind × status has an entry. */
  public static Effect payment(PaymentKind kind, PaymentStatus status) {
    return PAYMENTS.get(kind).get(status);
  }

  /** What a settlement credits: the payout, but a VOID or PUSH bet pays back its stake. */
  public static long settlementCredit(BetOutcome outcome, long stake, long payout) {
    return outcome == BetOutcome.VOID || outcome == BetOutcome.PUSH ? stake : payout;
  }

  private static Map<PaymentKind, Map<PaymentStatus, Effect>> paymentTable() {
    Map<PaymentKind, Map<PaymentStatus, Effect>> t = new EnumMap<>(PaymentKind.class);
    for (PaymentKind k : PaymentKind.values()) {
      Map<PaymentStatus, Effect> row = new EnumMap<>(PaymentStatus.class);
      for (PaymentStatus s : PaymentStatus.values()) {
        row.put(s, Effect.NONE);
      }
      t.put(k, row);
    }
    t.get(PaymentKind.DEPOSIT).put(PaymentStatus.COMPLETED, new Effect(+1, Total.DEPOSITED, +1));
    t.get(PaymentKind.DEPOSIT).put(PaymentStatus.REVERSED, new Effect(-1, Total.DEPOSITED, -1));
    // A withdrawal leaves the balance when requested and comes back if it fails or is reversed.
    t.get(PaymentKind.WITHDRAWAL).put(PaymentStatus.REQUESTED, new Effect(-1, Total.WITHDRAWN, +1));
    t.get(PaymentKind.WITHDRAWAL).put(PaymentStatus.FAILED, new Effect(+1, Total.WITHDRAWN, -1));
    t.get(PaymentKind.WITHDRAWAL).put(PaymentStatus.REVERSED, new Effect(+1, Total.WITHDRAWN, -1));
    t.get(PaymentKind.BONUS).put(PaymentStatus.COMPLETED, new Effect(+1, Total.BONUS, +1));
    t.get(PaymentKind.BONUS).put(PaymentStatus.REVERSED, new Effect(-1, Total.BONUS, -1));
    return t;
  }
}

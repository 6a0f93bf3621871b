package dev.croupier.simulator.population;

/**
 * How an organic (background, unlabelled) player plays beyond its segment: the habits real
 * platforms see that sit near fraud thresholds without being fraud. Shares are per mille of the
 * non-bot players; households (2–3 players on one device and card) are a matter of the {@link
 * Population}, not a habit.
 *
 * <ul>
 *   <li>{@link #MARTINGALE}: doubles the stake after each loss (up to 64× the base), back to the
 *       base after a win;
 *   <li>{@link #VOLATILE}: stakes anywhere from a quarter to 16× the base (many high rollers);
 *   <li>{@link #TRAVELLER}: one phone, logs in from other cities (fast but possible moves) and now
 *       and then through a VPN exit on another continent;
 *   <li>{@link #BIG_WINNER}: high-variance slots, with a rare honest win of 100–400× the stake;
 *   <li>{@link #QUICK_CASHOUT}: after a good win ends the session and asks for a withdrawal.
 * </ul>
 */
public enum Habit {
  STEADY(0),
  MARTINGALE(40),
  VOLATILE(20),
  TRAVELLER(30),
  BIG_WINNER(25),
  QUICK_CASHOUT(40);

  /** The share of high rollers with volatile stakes, over and above {@link #VOLATILE}'s share. */
  static final int VOLATILE_HIGH_ROLLERS_PERCENT = 50;

  private final int perMille;

  Habit(int perMille) {
    this.perMille = perMille;
  }

  /** The habit at per-mille position {@code r} in [0, 1000): {@link #STEADY} for the rest. */
  static Habit at(int r) {
    for (Habit h : values()) {
      if (h == STEADY) {
        continue;
      }
      r -= h.perMille;
      if (r < 0) {
        return h;
      }
    }
    return STEADY;
  }
}

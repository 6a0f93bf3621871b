package dev.croupier.simulator.game;

/**
 * Keeps a background session far from the payout-anomaly rule (≥ 50 settled bets within 1 h paying
 * ≥ 5× their stakes). It bounds the run-up of {@code 2·payout − 5·stake} over any run of bets by
 * {@code 150 × minStake}; any run of ≥ 50 bets (stakes ≥ minStake) then pays at most 4× its stakes.
 * A win that would break the bound is paid as a loss; a loss always fits, so the bound always
 * holds. Sessions of one player lie more than 1 h apart, so one guard per session suffices.
 */
public final class PayoutGuard {
  private final long limit;
  private long level;
  private long lowest;

  public PayoutGuard(long minStake) {
    this.limit = 150 * minStake;
  }

  /** The payout to book for a bet of {@code stake} whose game drew {@code payout}. */
  public long admit(long stake, long payout) {
    long next = level + 2 * payout - 5 * stake;
    if (next - lowest > limit) {
      payout = 0;
      next = level - 5 * stake;
    }
    level = next;
    lowest = Math.min(lowest, level);
    return payout;
  }
}

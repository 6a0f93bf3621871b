package dev.croupier.simulator.engine;

import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.population.PlayerProfile;
import dev.croupier.simulator.population.Segment;
import java.util.SplittableRandom;

/**
 * The mutable state of one background player between and during sessions: balance and the guards
 * that keep background play clear of the money rules. While resting, the player is its own actor
 * and starts its next session when due.
 *
 * <ul>
 *   <li>rapid-cashout: after a deposit, no withdrawal until the whole deposit has been staked or 60
 *       min have passed (the rule needs 80 % back within 30 min with under 20 % staked);
 *   <li>bonus-abuse: after a bonus, no withdrawal until 10× the bonus has been staked or 48 h have
 *       passed (the rule: under 5× within 24 h);
 *   <li>chip-dumping: at most 150.00 of player-vs-player losses per 24 h budget period, so under
 *       300.00 in any 24 h (the rule needs ≥ 500.00).
 * </ul>
 */
public final class Player extends Actor {
  static final long DEPOSIT_GUARD_MILLIS = 60 * 60_000L;
  static final long BONUS_GUARD_MILLIS = 48 * 3_600_000L;
  static final long PVP_PERIOD_MILLIS = 24 * 3_600_000L;
  static final long PVP_LOSS_BUDGET = 15_000;
  private static final long REST = 12;

  private final int index;
  private int sessions;
  private long balance;
  private long depositWager;
  private long lastDepositAt = Long.MIN_VALUE / 2;
  private long bonusWager;
  private long lastBonusAt = Long.MIN_VALUE / 2;
  private long pvpPeriodStart = Long.MIN_VALUE / 2;
  private long pvpLosses;

  Player(int index, long firstSessionAt) {
    super(firstSessionAt);
    this.index = index;
  }

  @Override
  protected SimEvent act(World world) {
    PlayerProfile profile = world.population().profile(index);
    world.sessionStarted(nextAt);
    world.schedule(new Session(world, this, profile, nextAt, sessions++));
    nextAt = DONE; // rests again when the session ends
    return null;
  }

  /** Called by the ending session: the next session starts at least 2 h after {@code endedAt}. */
  void rest(World world, Segment segment, long endedAt) {
    SplittableRandom rng = new SplittableRandom(Seeds.derive(world.seed(), REST, index, sessions));
    long gap =
        Segment.MIN_GAP_MILLIS + (long) (-segment.meanGapMillis() * Math.log(1 - rng.nextDouble()));
    nextAt = endedAt + gap;
    world.schedule(this);
  }

  int sessions() {
    return sessions;
  }

  long balance() {
    return balance;
  }

  void deposited(long amount, long at) {
    balance += amount;
    depositWager = Math.max(depositWager, amount);
    lastDepositAt = at;
  }

  void bonused(long amount, long at) {
    balance += amount;
    bonusWager = Math.max(bonusWager, 10 * amount);
    lastBonusAt = at;
  }

  void staked(long stake) {
    if (stake > balance) {
      throw new IllegalStateException("stake above balance");
    }
    balance -= stake;
    depositWager = Math.max(0, depositWager - stake);
    bonusWager = Math.max(0, bonusWager - stake);
  }

  void paid(long payout) {
    balance += payout;
  }

  boolean mayWithdraw(long at) {
    return (depositWager == 0 || at - lastDepositAt > DEPOSIT_GUARD_MILLIS)
        && (bonusWager == 0 || at - lastBonusAt > BONUS_GUARD_MILLIS);
  }

  void withdrew(long amount) {
    if (amount > balance) {
      throw new IllegalStateException("withdrawal above balance");
    }
    balance -= amount;
  }

  /** A failed or reversed withdrawal gives the money back; a reversed deposit takes it. */
  void credited(long amount) {
    balance += amount;
  }

  void debited(long amount) {
    balance -= amount;
  }

  /** How much this player may still lose in player-vs-player games now. */
  long pvpRoom(long at) {
    if (at - pvpPeriodStart >= PVP_PERIOD_MILLIS) {
      pvpPeriodStart = at;
      pvpLosses = 0;
    }
    return PVP_LOSS_BUDGET - pvpLosses;
  }

  void pvpLost(long stake) {
    pvpLosses += stake;
  }
}

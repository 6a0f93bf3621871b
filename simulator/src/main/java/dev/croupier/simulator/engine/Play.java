package dev.croupier.simulator.engine;

import dev.croupier.simulator.engine.Session.Step;
import dev.croupier.simulator.event.EventFactory.BetRef;
import dev.croupier.simulator.game.Game;
import dev.croupier.simulator.game.GameCatalog;
import dev.croupier.simulator.game.PayoutGuard;
import dev.croupier.simulator.population.Habit;
import dev.croupier.simulator.population.PlayerProfile;
import dev.croupier.simulator.population.Population;
import dev.croupier.simulator.population.Segment;

/**
 * The betting part of a background session: one bet and its settlement per step. Stakes are 1–4×
 * the player's base stake (bots: exactly the base), bets at least 2 s apart, payouts drawn from the
 * game's table through a {@link PayoutGuard}; poker losses stay within the player's budget.
 */
final class Play {
  static final long MIN_BET_GAP_MILLIS = 2_000;
  private static final int[] MULTIPLES = {1, 1, 1, 1, 2, 2, 3, 4};
  private final Session s;
  private final PlayerProfile profile;
  private final PayoutGuard guard;
  private final boolean bot;
  private final Habit habit;
  private Game game;
  private int betsLeft;
  private int lossStreak;
  private long lastStake;
  private boolean jackpotTaken;

  Play(Session s) {
    this.s = s;
    this.profile = s.profile;
    this.bot = profile.segment() == Segment.BOT;
    this.habit = profile.habit();
    this.game =
        bot
            ? profile.botGame()
            : habit == Habit.BIG_WINNER
                ? GameCatalog.MEGA_VAULT
                : GameCatalog.pick(profile.segment(), s.rng);
    this.betsLeft = (int) s.between(profile.segment().minBets(), profile.segment().maxBets());
    this.guard = new PayoutGuard(profile.baseStake());
  }

  /** Plays one bet, or says which step comes instead. */
  Step next() {
    long base = profile.baseStake();
    long balance = s.player.balance();
    if (betsLeft == 0) {
      return Step.CASHOUT;
    }
    if (balance < base) {
      return s.depositsLeft > 0 && s.rng.nextInt(100) < 60 ? Step.DEPOSIT : Step.CASHOUT;
    }
    if (!bot && habit != Habit.BIG_WINNER && s.rng.nextInt(100) < 2) {
      game = GameCatalog.pick(profile.segment(), s.rng);
    }
    // volatile stakes go down to a quarter of the base; the balance (>= base) caps every stake
    long unit = habit == Habit.VOLATILE ? Math.max(base / 4, 1) : base;
    long stake = Math.min(wanted(base), balance / unit * unit);
    if (game.playerVsPlayer()) {
      long room = s.player.pvpRoom(s.t);
      if (room < base) {
        game = GameCatalog.LUCKY_SEVENS;
      } else {
        stake = Math.min(stake, room / base * base);
      }
    }
    bet(stake);
    betsLeft--;
    return Step.PLAY;
  }

  /** The stake the player's habit asks for, before the balance has its say. */
  private long wanted(long base) {
    if (bot) {
      return base;
    }
    return switch (habit) {
      // double the last stake after a loss (never more than 2x a step, up to 64x the base)
      case MARTINGALE -> lossStreak == 0 ? base : Math.min(2 * lastStake, base << 6);
      case VOLATILE -> Math.max(base / 4, 1) << s.rng.nextInt(7); // 1/4 .. 16 x the base
      default -> base * MULTIPLES[s.rng.nextInt(MULTIPLES.length)];
    };
  }

  private void bet(long stake) {
    long placedAt = s.t;
    BetRef bet = s.events().newBet(game.id(), null, stake, profile.currency().name());
    s.emit(s.events().betPlaced(profile.userId(), placedAt, bet, s.sessionId));
    s.player.staked(stake);
    long settledAt = placedAt + s.between(game.minRoundMillis(), game.maxRoundMillis());
    boolean voided = s.rng.nextInt(1000) == 0;
    long drawn = voided ? stake : stake * game.payouts().draw(s.rng) / 100;
    long payout = guard.admit(stake, drawn);
    if (habit == Habit.BIG_WINNER && !jackpotTaken && !voided && s.rng.nextInt(1000) < 15) {
      payout = stake * s.between(100, 400); // an honest jackpot: once a session at most
      jackpotTaken = true;
    }
    lossStreak = payout < stake ? lossStreak + 1 : 0;
    lastStake = stake;
    if (habit == Habit.QUICK_CASHOUT && payout >= 3 * stake && s.rng.nextInt(100) < 50) {
      betsLeft = 1; // this was the last bet: cash the win out
      s.cashOutSoon = true;
    }
    String counterparty = null;
    if (game.playerVsPlayer()) {
      counterparty = Population.userId(s.world.population().other(profile.index(), s.rng));
      if (payout == 0) {
        s.player.pvpLost(stake);
      }
    }
    s.player.paid(payout);
    s.emit(s.events().betSettled(profile.userId(), settledAt, bet, payout, voided, counterparty));
    long think = s.between(profile.segment().minThinkMillis(), profile.segment().maxThinkMillis());
    s.t = Math.max(settledAt + think, placedAt + MIN_BET_GAP_MILLIS);
  }
}

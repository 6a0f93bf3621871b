package dev.croupier.simulator.engine;

import dev.croupier.simulator.engine.Session.Step;
import dev.croupier.simulator.event.EventFactory.BetRef;
import dev.croupier.simulator.game.Game;
import dev.croupier.simulator.game.GameCatalog;
import dev.croupier.simulator.game.PayoutGuard;
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
  private Game game;
  private int betsLeft;

  Play(Session s) {
    this.s = s;
    this.profile = s.profile;
    this.bot = profile.segment() == Segment.BOT;
    this.game = bot ? profile.botGame() : GameCatalog.pick(profile.segment(), s.rng);
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
    if (!bot && s.rng.nextInt(100) < 2) {
      game = GameCatalog.pick(profile.segment(), s.rng);
    }
    long stake =
        Math.min(
            base * (bot ? 1 : MULTIPLES[s.rng.nextInt(MULTIPLES.length)]), balance / base * base);
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

  private void bet(long stake) {
    long placedAt = s.t;
    BetRef bet = s.events().newBet(game.id(), null, stake, profile.currency().name());
    s.emit(s.events().betPlaced(profile.userId(), placedAt, bet, s.sessionId));
    s.player.staked(stake);
    long settledAt = placedAt + s.between(game.minRoundMillis(), game.maxRoundMillis());
    boolean voided = s.rng.nextInt(1000) == 0;
    long drawn = voided ? stake : stake * game.payouts().draw(s.rng) / 100;
    long payout = guard.admit(stake, drawn);
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

package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.game.GameCatalog;

/**
 * stake-anomaly (after ≥ 20 bets, a log-stake ≥ 4 spreads above the median of the last 50, ≥ 10×
 * the median and ≥ 3× the largest): a new player deposits 90.00, places 25 bets of 0.80–1.20
 * (median ≈ 1.00, spread a quarter octave), then stakes 40.00 (the trigger): 40× the median, 33×
 * the largest, over 5 octaves above the median. The statistics are those of the bets before it.
 */
final class StakeAnomaly implements Scenario {
  static final RuleId RULE = RuleId.of("stake-anomaly");

  @Override
  public RuleId rule() {
    return RULE;
  }

  static final int HABIT_BETS = 25;

  @Override
  public void write(Storyline s) {
    Persona p = s.newSuspect();
    long at = s.arrive(p, s.start()).loggedInAt() + MINUTE;
    long t = s.deposit(p, at, 9_000, p.instrument(), p.home()).result().occurredAt();
    for (int i = 0; i < HABIT_BETS; i++) {
      t += s.between(4, 8) * SECOND;
      long stake = s.between(8, 12) * 10;
      s.bet(p, t, GameCatalog.LUCKY_SEVENS, null, stake, s.ordinaryPayout(stake), SECOND, null);
    }
    t += s.between(5, 10) * SECOND;
    s.trigger(
        s.bet(p, t, GameCatalog.LUCKY_SEVENS, null, 4_000, s.ordinaryPayout(4_000), SECOND, null)
            .placed());
    s.account(p, t + MINUTE, LOGOUT, p.home());
  }
}

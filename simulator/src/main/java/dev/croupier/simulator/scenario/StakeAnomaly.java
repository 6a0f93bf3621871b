package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.game.GameCatalog;

/**
 * stake-anomaly (after ≥ 20 bets, a stake above the running mean + 6σ and ≥ 10× the mean): a new
 * player deposits 90.00, places 25 bets of 0.80–1.20 (mean ≈ 1.00, σ ≈ 0.15), then stakes 40.00
 * (the trigger): 40× the mean, far above mean + 6σ ≈ 1.90. The statistics are those of the bets
 * before the anomalous one.
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

package dev.croupier.jobs.fraud.newrule;

import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.game.GameCatalog;
import dev.croupier.simulator.scenario.Persona;
import dev.croupier.simulator.scenario.Scenario;
import dev.croupier.simulator.scenario.Storyline;

/**
 * The simulator's scenario of {@link WhaleBet}: a new player deposits three times the rule's {@code
 * min-stake} (as the rules file says) and stakes twice it on one spin of roulette, and loses.
 */
final class WhaleBetScenario implements Scenario {

  @Override
  public RuleId rule() {
    return WhaleBet.RULE.id();
  }

  @Override
  public void write(Storyline s) {
    long minStake = s.thresholds().longAtLeast("min-stake", 5_000_000, 1);
    Persona p = s.newSuspect();
    long at = s.arrive(p, s.start()).loggedInAt() + MINUTE;
    long t = s.deposit(p, at, 3 * minStake, p.instrument(), p.home()).result().occurredAt();
    t += s.between(1, 5) * MINUTE;
    s.trigger(s.bet(p, t, GameCatalog.ROULETTE, null, 2 * minStake, 0, 30 * SECOND, null).placed());
    s.account(p, t + MINUTE, LOGOUT, p.home());
  }
}

package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.game.GameCatalog;
import java.util.List;

/**
 * card-testing (≥ 5 failed deposits with ≥ 3 distinct instruments within 10 min, then a completed
 * deposit): a new player tries 4 stolen cards in 6 declined deposits 25–45 s apart, then a 25.00
 * deposit on the last card goes through (the trigger), about 5 min after the first attempt.
 */
final class CardTesting implements Scenario {
  static final RuleId RULE = RuleId.of("card-testing");

  @Override
  public RuleId rule() {
    return RULE;
  }

  @Override
  public void write(Storyline s) {
    Persona p = s.newSuspect();
    long t = s.arrive(p, s.start()).loggedInAt() + s.between(20, 40) * SECOND;
    String[] cards = {s.newInstrument(), s.newInstrument(), s.newInstrument(), s.newInstrument()};
    int[] order = {0, 1, 2, 3, 0, 2};
    long first = t;
    for (int card : order) {
      s.evidence(s.failedDeposit(p, t, s.between(20, 50) * 100, cards[card], p.home()).result());
      t += s.between(25, 45) * SECOND;
    }
    SimEvent completed = s.deposit(p, t, 2_500, cards[3], p.home()).result();
    s.trigger(completed);
    s.decisive(first, completed.occurredAt());
    List<Script.Bet> bets =
        s.play(
            p,
            completed.occurredAt(),
            3,
            GameCatalog.ROULETTE,
            200,
            20 * SECOND,
            40 * SECOND,
            25 * SECOND);
    s.account(p, Script.lastPlaced(bets) + MINUTE, LOGOUT, p.home());
  }
}

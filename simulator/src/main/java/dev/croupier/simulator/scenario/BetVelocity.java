package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.game.GameCatalog;

/**
 * bet-velocity (≥ 30 bets within 10 s): a script places 40 bets of 0.50, one every 200 ms (7.8 s),
 * after a 50.00 deposit. The {@code min-bets}-th bet (the 30th by default) is the trigger.
 */
final class BetVelocity implements Scenario {
  static final RuleId RULE = RuleId.of("bet-velocity");

  @Override
  public RuleId rule() {
    return RULE;
  }

  static final int BETS = 40;
  static final long SPACING = 200;

  @Override
  public void write(Storyline s) {
    int minBets = s.thresholds().intBetween("min-bets", 30, 2, BETS);
    Persona p = s.newSuspect();
    long at = s.arrive(p, s.start()).loggedInAt() + s.between(20, 60) * SECOND;
    long t =
        s.deposit(p, at, 5_000, p.instrument(), p.home()).result().occurredAt()
            + s.between(20, 40) * SECOND;
    long first = t;
    for (int i = 0; i < BETS; i++) {
      SimEvent placed =
          s.bet(p, t, GameCatalog.FRUIT_FIESTA, null, 50, s.ordinaryPayout(50), 150, null).placed();
      if (i == minBets - 1) {
        s.trigger(placed);
      } else {
        s.evidence(placed);
      }
      t += SPACING;
    }
    s.decisive(first, t - SPACING);
    s.account(p, t + 5 * SECOND, LOGOUT, p.home());
  }
}

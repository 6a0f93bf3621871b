package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.game.GameCatalog;

/**
 * rapid-cashout (deposit ≥ 100.00, withdrawal ≥ 80 % of it within 30 min, < 20 % staked between): a
 * new player deposits 300.00–1,000.00, stakes 3 % of it in three small bets and asks for 90 % back
 * 8–15 min after the deposit.
 */
final class RapidCashout implements Scenario {
  static final RuleId RULE = RuleId.of("rapid-cashout");

  @Override
  public RuleId rule() {
    return RULE;
  }

  @Override
  public void write(Storyline s) {
    Persona p = s.newSuspect();
    long amount = s.between(300, 1_000) * 100;
    long at = s.arrive(p, s.start()).loggedInAt() + s.between(30, 90) * SECOND;
    SimEvent deposit = s.deposit(p, at, amount, p.instrument(), p.home()).result();
    s.evidence(deposit);
    for (Script.Bet bet :
        s.play(
            p,
            deposit.occurredAt(),
            3,
            GameCatalog.LUCKY_SEVENS,
            amount / 100,
            40 * SECOND,
            80 * SECOND,
            SECOND)) {
      s.evidence(bet.placed());
    }
    long requestAt = deposit.occurredAt() + s.between(8, 15) * MINUTE;
    s.trigger(s.withdrawal(p, requestAt, amount * 90 / 100, p.home()));
    s.decisive(deposit.occurredAt(), requestAt);
    s.account(p, requestAt + 20 * SECOND, LOGOUT, p.home());
  }
}

package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.game.GameCatalog;

/**
 * payout-anomaly (over ≥ 50 settled bets within 1 h, payouts ≥ 5× stakes): a new player exploits a
 * slot: 60 bets of 1.00, 10–20 s apart (at most 20 min), five in six paying 10×. Any 50 consecutive
 * settlements pay at least 8.2× their stakes; the {@code min-settled-bets}-th settlement (the 50th
 * by default) is the trigger. Then a 400.00 withdrawal (the deposit was only 50.00, so no
 * rapid-cashout).
 */
final class PayoutAnomaly implements Scenario {
  static final RuleId RULE = RuleId.of("payout-anomaly");

  @Override
  public RuleId rule() {
    return RULE;
  }

  static final int BETS = 60;

  @Override
  public void write(Storyline s) {
    int minSettled = s.thresholds().intBetween("min-settled-bets", 50, 1, BETS);
    Persona p = s.newSuspect();
    long at = s.arrive(p, s.start()).loggedInAt() + MINUTE;
    long t = s.deposit(p, at, 5_000, p.instrument(), p.home()).result().occurredAt() + MINUTE;
    long first = 0;
    for (int i = 0; i < BETS; i++) {
      long payout = i % 6 == 5 ? 0 : 1_000;
      SimEvent settled =
          s.bet(p, t, GameCatalog.GOLDEN_DRAGON, null, 100, payout, SECOND, null).settled();
      if (i == 0) {
        first = settled.occurredAt();
      }
      if (i == minSettled - 1) {
        s.trigger(settled);
      } else {
        s.evidence(settled);
      }
      t += s.between(10, 20) * SECOND;
    }
    s.decisive(first, t);
    s.withdrawal(p, t + 2 * MINUTE, 40_000, p.home());
    s.account(p, t + 3 * MINUTE, LOGOUT, p.home());
  }
}

package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.game.GameCatalog;

/**
 * chip-dumping (within 24 h, ≥ 80 % of a player's losses, ≥ 500.00 in total, go to one
 * counterparty): a dumper deposits 900.00 and loses 10 heads-up poker hands of 80.00 to one
 * receiver (100 % of 800.00); the 7th loss (560.00) is the trigger. The receiver, who deposited
 * only 90.00, wins 152.00 a hand and withdraws 600.00. The alert is about the dumper; the receiver
 * is related.
 */
final class ChipDumping implements Scenario {
  static final RuleId RULE = RuleId.of("chip-dumping");

  @Override
  public RuleId rule() {
    return RULE;
  }

  static final int HANDS = 10;
  static final long STAKE = 8_000;

  @Override
  public void write(Storyline s) {
    Persona dumper = s.newSuspect();
    Persona receiver = s.newPlayer(s.homeCity());
    s.related(receiver);
    long t = s.start();
    for (Persona p : new Persona[] {dumper, receiver}) {
      s.arrive(p, t);
      t += s.between(1, 5) * MINUTE;
    }
    s.deposit(dumper, t, 90_000, dumper.instrument(), dumper.home());
    s.deposit(
        receiver, t + s.between(5, 30) * SECOND, 9_000, receiver.instrument(), receiver.home());
    t += MINUTE;
    long first = 0;
    long last = 0;
    for (int hand = 0; hand < HANDS; hand++) {
      String round = s.world.events().ids().nextRoundId();
      long duration = s.between(40, 80) * SECOND;
      SimEvent loss =
          s.bet(dumper, t, GameCatalog.POKER, round, STAKE, 0, duration, receiver.userId())
              .settled();
      s.bet(
          receiver,
          t + s.between(1, 3) * SECOND,
          GameCatalog.POKER,
          round,
          STAKE,
          STAKE * 2 * 95 / 100,
          duration - 3 * SECOND,
          dumper.userId());
      if (hand == 0) {
        first = loss.occurredAt();
      }
      last = loss.occurredAt();
      if (hand == 6) {
        s.trigger(loss);
      } else {
        s.evidence(loss);
      }
      t += s.between(90, 120) * SECOND;
    }
    s.decisive(first, last);
    s.withdrawal(receiver, t + 5 * MINUTE, 60_000, receiver.home());
    s.account(dumper, t, LOGOUT, dumper.home());
    s.account(receiver, t + 6 * MINUTE, LOGOUT, receiver.home());
  }
}

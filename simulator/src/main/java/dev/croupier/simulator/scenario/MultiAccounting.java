package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.event.Access;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.game.GameCatalog;
import dev.croupier.simulator.population.Geo;
import java.util.List;

/**
 * multi-accounting (≥ 4 distinct players on one deviceId or one payment instrument within 24 h):
 * one person opens 5 accounts 3–6 min apart. Variant "shared-device": all 5 register, log in and
 * deposit from one device (and IP); variant "shared-instrument": each has its own device but all 5
 * deposit with one card. The 4th account's first event on the shared device or card is the trigger.
 */
final class MultiAccounting implements Scenario {
  static final RuleId RULE = RuleId.of("multi-accounting");

  @Override
  public RuleId rule() {
    return RULE;
  }

  static final int ACCOUNTS = 5;

  @Override
  public void write(Storyline s) {
    boolean sharedDevice = s.round() % 2 == 0;
    s.variant(sharedDevice ? "shared-device" : "shared-instrument");
    Geo.City city = s.homeCity();
    Access device = s.newAccess(city);
    String card = s.newInstrument();
    long t = s.start();
    long first = t;
    long fourth = t;
    for (int i = 0; i < ACCOUNTS; i++) {
      Persona p = s.newPlayer(city);
      s.suspect(p);
      Access access = sharedDevice ? device : p.home();
      Script.Arrival arrival = s.arrive(p, t, access);
      SimEvent registered = arrival.registered();
      SimEvent login = arrival.login();
      Script.Payment deposit =
          s.deposit(
              p, login.occurredAt() + MINUTE, 2_000, sharedDevice ? p.instrument() : card, access);
      SimEvent firstShared = sharedDevice ? registered : deposit.requested();
      if (sharedDevice) {
        s.evidence(registered, login);
      }
      s.evidence(deposit.requested(), deposit.result());
      if (i == 0) {
        first = firstShared.occurredAt();
      }
      if (i == 3) {
        s.trigger(firstShared);
        fourth = firstShared.occurredAt();
      }
      List<Script.Bet> bets =
          s.play(
              p,
              deposit.result().occurredAt(),
              5,
              GameCatalog.LUCKY_SEVENS,
              100,
              20 * SECOND,
              40 * SECOND,
              SECOND);
      s.account(p, Script.lastPlaced(bets) + MINUTE, LOGOUT, access);
      t += s.between(3, 6) * MINUTE;
    }
    s.decisive(first, Math.max(fourth, t));
  }
}

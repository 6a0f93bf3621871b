package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGIN_SUCCEEDED;
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
 * impossible-travel (two successful logins implying more than 900 km/h): a new player logs in at
 * home, plays and logs out; 15–30 min after the first login the account logs in again from a city
 * at least 5,000 km away (the trigger): over 10,000 km/h. No failed logins, so no takeover pattern.
 */
final class ImpossibleTravel implements Scenario {
  static final RuleId RULE = RuleId.of("impossible-travel");

  @Override
  public RuleId rule() {
    return RULE;
  }

  static final double MIN_DISTANCE_KM = 5_000;

  @Override
  public void write(Storyline s) {
    Geo.City home = s.homeCity();
    Persona p = s.newPlayer(home);
    s.suspect(p);
    SimEvent firstLogin = s.arrive(p, s.start()).login();
    long at = firstLogin.occurredAt() + MINUTE;
    long funded = s.deposit(p, at, 3_000, p.instrument(), p.home()).result().occurredAt();
    List<Script.Bet> atHome =
        s.play(p, funded, 5, GameCatalog.BLACKJACK, 200, 20 * SECOND, 40 * SECOND, 15 * SECOND);
    s.account(p, Script.lastPlaced(atHome) + MINUTE, LOGOUT, p.home());
    Access away = s.newAccess(Geo.farFrom(home, MIN_DISTANCE_KM, s.rng()));
    long t = firstLogin.occurredAt() + s.between(15, 30) * MINUTE;
    s.evidence(firstLogin);
    s.trigger(s.account(p, t, LOGIN_SUCCEEDED, away));
    List<Script.Bet> abroad =
        s.play(p, t, 3, GameCatalog.BLACKJACK, 200, 20 * SECOND, 40 * SECOND, 15 * SECOND);
    s.account(p, Script.lastPlaced(abroad) + MINUTE, LOGOUT, away);
  }
}

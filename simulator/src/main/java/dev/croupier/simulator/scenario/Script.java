package dev.croupier.simulator.scenario;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.simulator.engine.Seeds;
import dev.croupier.simulator.engine.World;
import dev.croupier.simulator.event.Access;
import dev.croupier.simulator.event.EventFactory;
import dev.croupier.simulator.event.EventFactory.BetRef;
import dev.croupier.simulator.event.EventFactory.PaymentRef;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.game.Game;
import dev.croupier.simulator.population.Currency;
import dev.croupier.simulator.population.Geo;
import dev.croupier.simulator.population.Population;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a scenario writes: its events on a timeline, its players, evidence and trigger. The
 * event-writing half; {@link Storyline} adds the labels and places the timeline in time.
 */
public class Script {
  public static final long SECOND = 1_000L;
  public static final long MINUTE = 60 * SECOND;
  static final String CURRENCY = "EUR";

  final World world;
  final SplittableRandom rng;
  final long start;
  final List<SimEvent> timeline = new ArrayList<>();
  private final EventFactory events;

  Script(World world, SplittableRandom rng, long start) {
    this.world = world;
    this.rng = rng;
    this.start = start;
    this.events = world.events();
  }

  public long start() {
    return start;
  }

  public SplittableRandom rng() {
    return rng;
  }

  public long between(long min, long max) {
    return min + rng.nextLong(max - min + 1);
  }

  /** A euro-zone city for a scenario player's home. */
  public Geo.City homeCity() {
    return Geo.cityIn(Currency.EUR.country(rng), rng);
  }

  /** A fresh player living in {@code city}, with its own device, IP and instrument. */
  public Persona newPlayer(Geo.City city) {
    return new Persona(
        Population.userId(world.freshPlayerIndex()),
        newAccess(city),
        newInstrument(),
        events.ids().nextSessionId());
  }

  /** A device and IP never seen before, in {@code city}. */
  public Access newAccess(Geo.City city) {
    double lat = city.latitude() + (rng.nextDouble() - 0.5) * 0.1;
    double lon = city.longitude() + (rng.nextDouble() - 0.5) * 0.1;
    return new Access(
        Population.ip(rng.nextLong()),
        Seeds.hexId("d-", rng.nextLong()),
        city.country(),
        Math.round(lat * 10_000) / 10_000.0,
        Math.round(lon * 10_000) / 10_000.0);
  }

  public String newInstrument() {
    return Population.instrument(rng.nextLong());
  }

  public SimEvent account(Persona p, long at, AccountEventKind kind, Access access) {
    return add(events.account(p.userId(), at, kind, access));
  }

  /** A deposit request and its completion 2 s later. */
  public Payment deposit(Persona p, long at, long amount, String instrument, Access access) {
    PaymentRef ref = events.newPayment(PaymentKind.DEPOSIT, amount, CURRENCY, instrument);
    SimEvent requested = add(events.payment(p.userId(), at, ref, PaymentStatus.REQUESTED, access));
    SimEvent completed =
        add(events.payment(p.userId(), at + 2 * SECOND, ref, PaymentStatus.COMPLETED, access));
    p.add(amount);
    return new Payment(requested, completed);
  }

  /** A deposit request declined 2 s later. */
  public Payment failedDeposit(Persona p, long at, long amount, String instrument, Access access) {
    PaymentRef ref = events.newPayment(PaymentKind.DEPOSIT, amount, CURRENCY, instrument);
    SimEvent requested = add(events.payment(p.userId(), at, ref, PaymentStatus.REQUESTED, access));
    SimEvent failed =
        add(events.payment(p.userId(), at + 2 * SECOND, ref, PaymentStatus.FAILED, access));
    return new Payment(requested, failed);
  }

  public SimEvent bonus(Persona p, long at, long amount, Access access) {
    PaymentRef ref = events.newPayment(PaymentKind.BONUS, amount, CURRENCY, null);
    p.add(amount);
    return add(events.payment(p.userId(), at, ref, PaymentStatus.COMPLETED, access));
  }

  /** A withdrawal request (returned) and its completion 30 min later. */
  public SimEvent withdrawal(Persona p, long at, long amount, Access access) {
    PaymentRef ref = events.newPayment(PaymentKind.WITHDRAWAL, amount, CURRENCY, p.instrument());
    p.take(amount);
    SimEvent requested = add(events.payment(p.userId(), at, ref, PaymentStatus.REQUESTED, access));
    add(events.payment(p.userId(), at + 30 * MINUTE, ref, PaymentStatus.COMPLETED, access));
    return requested;
  }

  /** A bet placed at {@code at} and settled {@code settleAfter} later with {@code payout}. */
  public Bet bet(
      Persona p,
      long at,
      Game game,
      String roundId,
      long stake,
      long payout,
      long settleAfter,
      String counterparty) {
    BetRef ref = events.newBet(game.id(), roundId, stake, CURRENCY);
    p.take(stake);
    SimEvent placed = add(events.betPlaced(p.userId(), at, ref, p.sessionId()));
    p.add(payout);
    SimEvent settled =
        add(events.betSettled(p.userId(), at + settleAfter, ref, payout, false, counterparty));
    return new Bet(placed, settled);
  }

  /** {@code p} registers at {@code at} and logs in from home 15–40 s later. */
  public Arrival arrive(Persona p, long at) {
    return arrive(p, at, p.home());
  }

  /** {@code p} registers at {@code at} and logs in 15–40 s later, both from {@code access}. */
  public Arrival arrive(Persona p, long at, Access access) {
    SimEvent registered = account(p, at, AccountEventKind.REGISTERED, access);
    SimEvent login =
        account(p, at + between(15, 40) * SECOND, AccountEventKind.LOGIN_SUCCEEDED, access);
    return new Arrival(registered, login);
  }

  /**
   * {@code count} bets of {@code stake} on {@code game} with ordinary results, the first {@code
   * minGap}–{@code maxGap} after {@code after} and so on, each settled {@code settleAfter} later.
   */
  public List<Bet> play(
      Persona p,
      long after,
      int count,
      Game game,
      long stake,
      long minGap,
      long maxGap,
      long settleAfter) {
    List<Bet> bets = new ArrayList<>(count);
    long t = after;
    for (int i = 0; i < count; i++) {
      t += between(minGap, maxGap);
      bets.add(bet(p, t, game, null, stake, ordinaryPayout(stake), settleAfter, null));
    }
    return bets;
  }

  /** When the last of {@code bets} was placed. */
  public static long lastPlaced(List<Bet> bets) {
    return bets.get(bets.size() - 1).placed().occurredAt();
  }

  /** An ordinary result for a small bet: a loss, 1.5× or 2×. */
  public long ordinaryPayout(long stake) {
    int r = rng.nextInt(100);
    return r < 55 ? 0 : r < 80 ? stake * 3 / 2 : stake * 2;
  }

  private SimEvent add(SimEvent e) {
    timeline.add(e);
    return e;
  }

  /** A new player's registration and first login. */
  public record Arrival(SimEvent registered, SimEvent login) {
    public long loggedInAt() {
      return login.occurredAt();
    }
  }

  /** The steps of one payment. */
  public record Payment(SimEvent requested, SimEvent result) {}

  /** A bet's two events. */
  public record Bet(SimEvent placed, SimEvent settled) {}
}

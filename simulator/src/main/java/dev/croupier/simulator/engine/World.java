package dev.croupier.simulator.engine;

import dev.croupier.simulator.event.EventFactory;
import dev.croupier.simulator.event.IdSequence;
import dev.croupier.simulator.population.Population;
import dev.croupier.simulator.population.Segment;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The state shared by all actors of one run: the seed, the event-time span, the population, the id
 * and event factory and the queue of actors ordered by their next event time.
 */
public final class World {
  private static final long FIRST_SESSION = 11;
  private final long seed;
  private final long startMillis;
  private final long endMillis;
  private final Population population;
  private final EventFactory events;
  private final PriorityQueue<Actor> queue =
      new PriorityQueue<>(Comparator.comparingLong(Actor::nextAt).thenComparingLong(a -> a.order));
  private SessionListener sessionListener = (w, at) -> {};
  private long order;
  private int nextFreshIndex;
  private long sessionsStarted;

  public World(long seed, int players, long startMillis, long endMillis) {
    this.seed = seed;
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.population = new Population(seed, players);
    this.events = new EventFactory(new IdSequence(seed));
    this.nextFreshIndex = players;
    for (int i = 0; i < players; i++) {
      // Spread first sessions over one typical cycle so traffic is steady from the start.
      Segment segment = population.segment(i);
      SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, FIRST_SESSION, i));
      long cycle = Segment.MIN_GAP_MILLIS + segment.meanGapMillis();
      schedule(new Player(i, startMillis + (long) (rng.nextDouble() * cycle)));
    }
  }

  public long seed() {
    return seed;
  }

  public long startMillis() {
    return startMillis;
  }

  public long endMillis() {
    return endMillis;
  }

  public Population population() {
    return population;
  }

  public EventFactory events() {
    return events;
  }

  public long sessionsStarted() {
    return sessionsStarted;
  }

  public void sessionListener(SessionListener listener) {
    this.sessionListener = listener;
  }

  /** Puts {@code actor} in the queue at its {@link Actor#nextAt()}. */
  public void schedule(Actor actor) {
    actor.order = order++;
    queue.add(actor);
  }

  /** A player index never used before (scenario and bad-record players). */
  public int freshPlayerIndex() {
    return nextFreshIndex++;
  }

  void sessionStarted(long at) {
    sessionsStarted++;
    sessionListener.sessionStarted(this, at);
  }

  /** The actor acting next, if it acts before the end; it is removed from the queue. */
  Actor pollBeforeEnd() {
    Actor head = queue.peek();
    if (head == null || head.nextAt() >= endMillis) {
      return null;
    }
    return queue.poll();
  }
}

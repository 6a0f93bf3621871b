package dev.croupier.simulator.engine;

import dev.croupier.simulator.event.SimEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The platform's events in event-time order, generated lazily: pops the actor due next from the
 * {@link World}'s queue, lets it act, puts it back while it has more to do. Stops at the world's
 * end. Not thread-safe; deterministic for a given world.
 */
public final class PlatformGenerator implements Iterator<SimEvent> {
  private final World world;
  private final BadRecords badRecords;
  private SimEvent next;
  private SimEvent pendingBad;

  public PlatformGenerator(World world, BadRecords badRecords) {
    this.world = world;
    this.badRecords = badRecords;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public SimEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    SimEvent e = next;
    next = null;
    return e;
  }

  private SimEvent advance() {
    if (pendingBad != null) {
      SimEvent bad = pendingBad;
      pendingBad = null;
      return bad;
    }
    Actor actor;
    while ((actor = world.pollBeforeEnd()) != null) {
      long before = actor.nextAt();
      SimEvent e = actor.act(world);
      if (actor.nextAt() < before) {
        throw new IllegalStateException("an actor went back in time: " + actor.getClass());
      }
      if (actor.nextAt() != Actor.DONE) {
        world.schedule(actor);
      }
      if (e != null) {
        pendingBad = badRecords.after(world, e);
        return e;
      }
    }
    return null;
  }
}

package dev.croupier.simulator.engine;

import dev.croupier.simulator.event.SimEvent;

/**
 * Something that acts at event-time instants: a resting player, a session, a scenario, a pending
 * payment. The {@link World}'s queue orders actors by {@link #nextAt()}, ties by scheduling order.
 */
public abstract class Actor {
  /** {@link #nextAt()} of an actor with nothing more to do. */
  public static final long DONE = Long.MAX_VALUE;

  protected long nextAt;
  long order;

  protected Actor(long nextAt) {
    this.nextAt = nextAt;
  }

  /** When this actor acts next (epoch millis), or {@link #DONE}. */
  public final long nextAt() {
    return nextAt;
  }

  /**
   * Acts at {@link #nextAt()}: returns the one event that happens then (or null if the step only
   * schedules other actors) and moves {@link #nextAt()} forward, never backward.
   */
  protected abstract SimEvent act(World world);
}

package dev.croupier.simulator.engine;

/** Told when a background session starts; the scenario injector draws its scenarios here. */
@FunctionalInterface
public interface SessionListener {
  void sessionStarted(World world, long at);
}

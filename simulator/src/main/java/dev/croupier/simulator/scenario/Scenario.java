package dev.croupier.simulator.scenario;

/**
 * One kind of labelled fraud: writes a story that crosses exactly one rule's default thresholds
 * with a clear margin and stays clear of all the others, using fresh players only.
 */
interface Scenario {
  void write(Storyline s);
}

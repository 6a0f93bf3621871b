package dev.croupier.simulator.scenario;

import dev.croupier.schemas.fraud.RuleId;

/**
 * One kind of labelled fraud for one rule: writes a story that crosses exactly that rule's
 * thresholds with a clear margin and stays clear of all the others, using fresh players only. The
 * rule's window and thresholds come from the rules file ({@link Storyline#thresholds()}), the same
 * the job reads. Public so that a new rule's scenario can live beside its rule (the default ones
 * are listed in {@link Scenarios}).
 */
public interface Scenario {

  /** The rule whose alert the scenario must raise. */
  RuleId rule();

  /** Writes the story: its players, events, evidence, trigger and decisive span. */
  void write(Storyline s);
}

package dev.croupier.drills.traffic;

import dev.croupier.simulator.event.SimEvent;

/**
 * Mixes broken records into the traffic (drill 7: mutated records at 1 %): for some records it
 * returns a mutant, which is sent right after the original. What it returns is what is sent and
 * what the event log records, so a mutant must carry a {@code bad} kind: the oracles then expect it
 * in the dead-letter topic, not in a view. The original still goes out untouched, so the players'
 * activity and the labelled fraud scenarios stay whole. {@link #NONE} mixes in nothing.
 */
@FunctionalInterface
public interface RecordMutator {
  RecordMutator NONE = e -> null;

  /** A broken variant of {@code event} to send after it, or null for none. */
  SimEvent mutantOf(SimEvent event);
}

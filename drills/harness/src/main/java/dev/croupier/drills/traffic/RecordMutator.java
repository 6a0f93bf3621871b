package dev.croupier.drills.traffic;

import dev.croupier.simulator.event.SimEvent;

/**
 * Turns some records into bad ones before they are sent (drill 7: mutated records at 1 %). What it
 * returns is what is sent and what the event log records, so a mutated record must carry a {@code
 * bad} kind: the oracles then expect it in the dead-letter topic, not in a view. The fuzzer of the
 * bad-input work plugs in here; {@link #NONE} sends everything as generated.
 */
@FunctionalInterface
public interface RecordMutator {
  RecordMutator NONE = e -> e;

  SimEvent mutate(SimEvent event);
}

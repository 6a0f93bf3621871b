package dev.croupier.simulator.sink;

import dev.croupier.simulator.event.SimEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps every event in memory, in the order sent; for tests and small in-process runs. */
public final class ListSink implements EventSink {
  private final List<SimEvent> events = new ArrayList<>();

  @Override
  public void accept(SimEvent event) {
    events.add(event);
  }

  /** The events sent so far (a read-only view). */
  public List<SimEvent> events() {
    return Collections.unmodifiableList(events);
  }
}

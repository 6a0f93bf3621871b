package dev.croupier.simulator.scenario;

import dev.croupier.simulator.engine.Actor;
import dev.croupier.simulator.engine.World;
import dev.croupier.simulator.event.SimEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays a scenario's timeline and publishes its ground truth the moment the trigger event is sent:
 * a run stopped early never labels a scenario whose threshold was not crossed.
 */
final class ScenarioActor extends Actor {
  private final List<SimEvent> events;
  private final ScenarioLabel label;
  private final Consumer<ScenarioLabel> labels;
  private int next;

  ScenarioActor(List<SimEvent> events, ScenarioLabel label, Consumer<ScenarioLabel> labels) {
    super(events.get(0).occurredAt());
    this.events = events;
    this.label = label;
    this.labels = labels;
  }

  /** Event time of the last evidence event: the scenario counts if that is sent. */
  long lastEvidenceAt() {
    return label.lastEventAt();
  }

  @Override
  protected SimEvent act(World world) {
    SimEvent e = events.get(next++);
    if (e.eventId().equals(label.triggerEventId())) {
      labels.accept(label);
    }
    nextAt = next < events.size() ? events.get(next).occurredAt() : DONE;
    return e;
  }
}

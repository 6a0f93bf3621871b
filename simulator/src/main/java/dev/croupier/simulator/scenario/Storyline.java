package dev.croupier.simulator.scenario;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.simulator.engine.World;
import dev.croupier.simulator.event.SimEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A {@link Script} with its ground truth: who is suspect, the evidence, the trigger, and the
 * decisive span that must fit into one epoch-aligned window of the rule (its {@code window} in the
 * rules file), so the rule fires whether the job slides its windows or tumbles them. {@link #build}
 * sorts the timeline, shifts it forward if the span would straddle a window boundary, and returns
 * the actor that plays it.
 */
public final class Storyline extends Script {
  private static final long ALIGN_MARGIN = SECOND;
  private final String scenarioId;
  private final Thresholds thresholds;
  private final RuleId rule;
  private final Duration window;
  private final int round;
  private final List<String> suspects = new ArrayList<>();
  private final List<String> related = new ArrayList<>();
  private final Set<String> evidence = new LinkedHashSet<>();
  private String triggerId;
  private String variant = "default";
  private long decisiveFrom = -1;
  private long decisiveTo = -1;

  Storyline(
      World world,
      SplittableRandom rng,
      long start,
      String scenarioId,
      Thresholds thresholds,
      Duration window,
      int round) {
    super(world, rng, start);
    this.scenarioId = scenarioId;
    this.thresholds = thresholds;
    this.rule = thresholds.rule();
    this.window = window;
    this.round = round;
  }

  /**
   * The rule's thresholds as the rules file gives them (each getter takes the rule's documented
   * default), for a scenario that crosses them with a margin.
   */
  public Thresholds thresholds() {
    return thresholds;
  }

  /** How many scenarios of this rule were drawn before this one (alternates variants). */
  public int round() {
    return round;
  }

  public void variant(String name) {
    this.variant = name;
  }

  /** A fresh player in a euro-zone city whom the rule's alert is about. */
  public Persona newSuspect() {
    Persona p = newPlayer(homeCity());
    suspect(p);
    return p;
  }

  /** A player the rule's alert is about. */
  public void suspect(Persona p) {
    suspects.add(p.userId());
  }

  /** A player involved whom an alert may name but should not be about. */
  public void related(Persona p) {
    related.add(p.userId());
  }

  public void evidence(SimEvent... events) {
    for (SimEvent e : events) {
      evidence.add(e.eventId());
    }
  }

  /** The event at which the rule's threshold is first crossed; it is evidence too. */
  public void trigger(SimEvent e) {
    evidence(e);
    triggerId = e.eventId();
  }

  /** The span that must lie within one window of the rule. */
  public void decisive(long from, long to) {
    this.decisiveFrom = from;
    this.decisiveTo = to;
  }

  ScenarioActor build(Consumer<ScenarioLabel> labels) {
    if (triggerId == null || suspects.isEmpty()) {
      throw new IllegalStateException(rule.id() + " scenario without trigger or suspect");
    }
    long shift = alignment();
    List<SimEvent> placed = new ArrayList<>(timeline.size());
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long triggerAt = 0;
    timeline.sort(Comparator.comparingLong(SimEvent::occurredAt)); // stable: keeps write order
    for (SimEvent e : timeline) {
      long at = e.occurredAt() + shift;
      e.value().put(1, Instant.ofEpochMilli(at)); // occurredAt is field 1 of every input record
      placed.add(new SimEvent(e.topic(), e.key(), at, e.value(), null, null));
      if (evidence.contains(e.eventId())) {
        first = Math.min(first, at);
        last = Math.max(last, at);
      }
      if (e.eventId().equals(triggerId)) {
        triggerAt = at;
      }
    }
    List<String> ordered =
        placed.stream().map(SimEvent::eventId).filter(evidence::contains).toList();
    ScenarioLabel label =
        new ScenarioLabel(
            scenarioId,
            rule.id(),
            variant,
            suspects,
            related,
            first,
            last,
            triggerId,
            triggerAt,
            ordered);
    return new ScenarioActor(placed, label, labels);
  }

  private long alignment() {
    long window = this.window.toMillis();
    if (window == 0) {
      return 0;
    }
    if (decisiveFrom < 0 || decisiveTo - decisiveFrom > window - 2 * ALIGN_MARGIN) {
      throw new IllegalStateException(
          rule.id() + " scenario's decisive span does not fit its window");
    }
    long bucket = Math.floorDiv(decisiveFrom, window);
    if (bucket == Math.floorDiv(decisiveTo, window)) {
      return 0;
    }
    return (bucket + 1) * window + ALIGN_MARGIN - decisiveFrom;
  }
}

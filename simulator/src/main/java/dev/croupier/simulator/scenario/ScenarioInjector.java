package dev.croupier.simulator.scenario;

import dev.croupier.schemas.fraud.RuleBook;
import dev.croupier.simulator.engine.Seeds;
import dev.croupier.simulator.engine.SessionListener;
import dev.croupier.simulator.engine.World;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Injects labelled scenarios: each background session start draws one with probability {@code
 * rate}, cycling through the chosen scenarios so each rule is injected equally often. Each fits its
 * rule's window and thresholds as the rules file ({@link RuleBook}) gives them. A scenario whose
 * evidence would not all be sent before the end of the run is dropped (never labelled); trailing
 * events past the end (a logout, a withdrawal's completion) are simply not sent. Labels are
 * published when a scenario's trigger event is sent.
 */
public final class ScenarioInjector implements SessionListener {
  private static final long DRAW = 21;
  private static final long SCENARIO = 22;

  private final long seed;
  private final double rate;
  private final List<Scenario> scenarios;
  private final RuleBook book;
  private final Consumer<ScenarioLabel> labels;
  private final SplittableRandom draws;
  private int drawn;
  private int dropped;

  /**
   * {@code scenarios} in the order they take turns, fitted to the rules of {@code book}; {@code
   * labels} receives each triggered label.
   */
  public ScenarioInjector(
      long seed,
      double rate,
      List<Scenario> scenarios,
      RuleBook book,
      Consumer<ScenarioLabel> labels) {
    this.seed = seed;
    this.rate = rate;
    this.scenarios = List.copyOf(scenarios);
    this.book = book;
    this.labels = labels;
    this.draws = new SplittableRandom(Seeds.derive(seed, DRAW, 0));
  }

  @Override
  public void sessionStarted(World world, long at) {
    if (rate <= 0 || scenarios.isEmpty() || draws.nextDouble() >= rate) {
      return;
    }
    int k = drawn++;
    Scenario scenario = scenarios.get(k % scenarios.size());
    Storyline story =
        new Storyline(
            world,
            new SplittableRandom(Seeds.derive(seed, SCENARIO, k)),
            at,
            String.format("sc-%06d", k),
            book.thresholds(scenario.rule()),
            book.window(scenario.rule()),
            k / scenarios.size());
    scenario.write(story);
    ScenarioActor actor = story.build(labels);
    if (actor.lastEvidenceAt() < world.endMillis()) {
      world.schedule(actor);
    } else {
      dropped++;
    }
  }

  /** Scenarios drawn so far, including dropped ones. */
  public int drawn() {
    return drawn;
  }

  /** Scenarios dropped because their evidence would not all have been sent before the end. */
  public int dropped() {
    return dropped;
  }
}

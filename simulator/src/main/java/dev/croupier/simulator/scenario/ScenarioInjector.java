package dev.croupier.simulator.scenario;

import dev.croupier.simulator.engine.Seeds;
import dev.croupier.simulator.engine.SessionListener;
import dev.croupier.simulator.engine.World;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Injects labelled scenarios: each background session start draws one with probability {@code
 * rate}, cycling through the chosen rules so each is injected equally often. A scenario whose
 * evidence would not all be sent before the end of the run is dropped (never labelled); trailing
 * events past the end (a logout, a withdrawal's completion) are simply not sent. Labels are
 * published when a scenario's trigger event is sent.
 */
public final class ScenarioInjector implements SessionListener {
  private static final long DRAW = 21;
  private static final long SCENARIO = 22;
  private static final Map<RuleId, Scenario> SCENARIOS =
      new EnumMap<>(
          Map.of(
              RuleId.RAPID_CASHOUT, new RapidCashout(),
              RuleId.BET_VELOCITY, new BetVelocity(),
              RuleId.ACCOUNT_TAKEOVER, new AccountTakeover(),
              RuleId.MULTI_ACCOUNTING, new MultiAccounting(),
              RuleId.CARD_TESTING, new CardTesting(),
              RuleId.BONUS_ABUSE, new BonusAbuse(),
              RuleId.STAKE_ANOMALY, new StakeAnomaly(),
              RuleId.IMPOSSIBLE_TRAVEL, new ImpossibleTravel(),
              RuleId.PAYOUT_ANOMALY, new PayoutAnomaly(),
              RuleId.CHIP_DUMPING, new ChipDumping()));

  private final long seed;
  private final double rate;
  private final List<RuleId> rules;
  private final Consumer<ScenarioLabel> labels;
  private final SplittableRandom draws;
  private int drawn;
  private int dropped;

  /** {@code rules} in the order they take turns; {@code labels} receives each triggered label. */
  public ScenarioInjector(
      long seed, double rate, List<RuleId> rules, Consumer<ScenarioLabel> labels) {
    this.seed = seed;
    this.rate = rate;
    this.rules = List.copyOf(rules);
    this.labels = labels;
    this.draws = new SplittableRandom(Seeds.derive(seed, DRAW, 0));
  }

  @Override
  public void sessionStarted(World world, long at) {
    if (rate <= 0 || rules.isEmpty() || draws.nextDouble() >= rate) {
      return;
    }
    int k = drawn++;
    RuleId rule = rules.get(k % rules.size());
    Storyline story =
        new Storyline(
            world,
            new SplittableRandom(Seeds.derive(seed, SCENARIO, k)),
            at,
            String.format("sc-%06d", k),
            rule,
            k / rules.size());
    SCENARIOS.get(rule).write(story);
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

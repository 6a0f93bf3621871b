package dev.croupier.simulator;

import dev.croupier.schemas.fraud.RuleBook;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.scenario.Scenario;
import dev.croupier.simulator.scenario.Scenarios;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A simulation's settings, validated once: population size, seed, fraud rate (scenarios per
 * background session started), event-time start and duration, pacing (events per second and
 * event-time acceleration, 0 for unlimited), bad-record rate (per good event), the scenarios
 * injected (in the order they take turns) and the rules file they fit (windows, thresholds). Bad
 * values fail naming the setting and the expected form.
 */
public record SimulatorSettings(
    int players,
    long seed,
    double fraudRate,
    Instant start,
    Duration duration,
    double ratePerSecond,
    double acceleration,
    double badRecordRate,
    List<Scenario> scenarios,
    RuleBook ruleBook) {

  public static final int MAX_PLAYERS = 10_000_000;

  public SimulatorSettings {
    require(
        players >= 2 && players <= MAX_PLAYERS, "players", "an integer from 2 to " + MAX_PLAYERS);
    require(fraudRate >= 0 && fraudRate <= 1, "fraudRate", "a number from 0 to 1");
    require(start != null, "start", "an instant, e.g. 2026-01-01T00:00:00Z");
    require(
        duration != null && !duration.isNegative() && !duration.isZero(),
        "duration",
        "a positive duration");
    require(
        ratePerSecond >= 0 && Double.isFinite(ratePerSecond),
        "ratePerSecond",
        "events per second, 0 for unlimited");
    require(
        acceleration >= 0 && Double.isFinite(acceleration),
        "acceleration",
        "event-time speed-up, 0 for as fast as possible");
    require(badRecordRate >= 0 && badRecordRate <= 0.5, "badRecordRate", "a number from 0 to 0.5");
    require(scenarios != null, "scenarios", "a list of scenarios");
    require(ruleBook != null, "ruleBook", "the rules file the scenarios fit");
    scenarios = List.copyOf(scenarios);
  }

  /** The rules whose scenarios are injected, in the order they take turns. */
  public List<RuleId> rules() {
    return scenarios.stream().map(Scenario::rule).toList();
  }

  public long startMillis() {
    return start.toEpochMilli();
  }

  public long endMillis() {
    return start.plus(duration).toEpochMilli();
  }

  /** A {@link Simulator} with these settings. */
  public Simulator simulator() {
    return new Simulator(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void require(boolean ok, String setting, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(
          "invalid simulator setting '" + setting + "': expected " + expected);
    }
  }

  /**
   * Defaults: 10,000 players, seed 1, fraud rate 0.01, 2026-01-01T00:00Z for 1 h, unpaced, the
   * scenarios of all default rules, the bundled rules file.
   */
  public static final class Builder {
    private int players = 10_000;
    private long seed = 1;
    private double fraudRate = 0.01;
    private Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private Duration duration = Duration.ofHours(1);
    private double ratePerSecond;
    private double acceleration;
    private double badRecordRate;
    private List<Scenario> scenarios = Scenarios.DEFAULTS;
    private RuleBook ruleBook;

    public Builder players(int players) {
      this.players = players;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder fraudRate(double fraudRate) {
      this.fraudRate = fraudRate;
      return this;
    }

    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    /** At most this many events per wall-clock second; 0 for unlimited. */
    public Builder rateLimit(double eventsPerSecond) {
      this.ratePerSecond = eventsPerSecond;
      return this;
    }

    /** Event time runs this many times faster than wall time (1 = real time); 0 for no limit. */
    public Builder acceleration(double acceleration) {
      this.acceleration = acceleration;
      return this;
    }

    public Builder badRecordRate(double rate) {
      this.badRecordRate = rate;
      return this;
    }

    /**
     * The default scenarios of these rules ({@code rapid-cashout}, ...), in the order they take
     * turns; fails naming the known rules.
     */
    public Builder rules(List<String> ruleIds) {
      this.scenarios = Scenarios.of(ruleIds);
      return this;
    }

    /** The scenarios injected, in the order they take turns (a new rule's included). */
    public Builder scenarios(List<Scenario> scenarios) {
      this.scenarios = scenarios;
      return this;
    }

    /** The rules file the scenarios fit (default: the bundled one). */
    public Builder ruleBook(RuleBook ruleBook) {
      this.ruleBook = ruleBook;
      return this;
    }

    public SimulatorSettings settings() {
      return new SimulatorSettings(
          players,
          seed,
          fraudRate,
          start,
          duration,
          ratePerSecond,
          acceleration,
          badRecordRate,
          scenarios,
          ruleBook != null ? ruleBook : RuleBook.bundled());
    }

    public Simulator build() {
      return settings().simulator();
    }
  }
}

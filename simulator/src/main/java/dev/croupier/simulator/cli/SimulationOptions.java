package dev.croupier.simulator.cli;

import dev.croupier.simulator.SimulatorSettings;
import dev.croupier.simulator.scenario.Scenario;
import dev.croupier.simulator.scenario.Scenarios;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What to simulate: population, seed, fraud, time span and pacing. */
final class SimulationOptions {
  @Option(
      names = "--players",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Background players, 2 to 10,000,000 (default: ${DEFAULT-VALUE}).")
  int players;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Random seed; the same seed gives the same events (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--fraud-rate",
      paramLabel = "P",
      defaultValue = "0.01",
      description =
          "Labelled fraud scenarios per background session, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double fraudRate;

  @Option(
      names = "--rules",
      paramLabel = "RULE",
      split = ",",
      description = "Only these rules' scenarios, e.g. rapid-cashout,bet-velocity (default: all).")
  List<String> rules;

  @Option(
      names = "--start",
      paramLabel = "INSTANT",
      converter = Converters.InstantConverter.class,
      description = "Event time of the start, e.g. 2026-01-01T00:00:00Z (default: now).")
  Instant start;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = Converters.DurationConverter.class,
      description =
          "Event time to simulate: 90s, 15m, 2h, 1d or PT1H30M (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--rate",
      paramLabel = "EVENTS_PER_S",
      defaultValue = "0",
      description =
          "At most this many events per second; 0 for unlimited (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--acceleration",
      paramLabel = "X",
      defaultValue = "0",
      description =
          "Event time runs X times faster than wall time (1 = real time); "
              + "0 for as fast as possible (default: ${DEFAULT-VALUE}).")
  double acceleration;

  @Option(
      names = "--bad-record-rate",
      paramLabel = "P",
      defaultValue = "0",
      description =
          "Deliberately broken records per event (not wire format, negative stakes), "
              + "0 to 0.5 (default: ${DEFAULT-VALUE}).")
  double badRecordRate;

  /** The validated settings; a bad value fails naming its option and the expected form. */
  SimulatorSettings settings(CommandLine cmd) {
    check(
        cmd,
        players >= 2 && players <= SimulatorSettings.MAX_PLAYERS,
        "--players",
        players,
        "an integer from 2 to " + SimulatorSettings.MAX_PLAYERS);
    check(cmd, fraudRate >= 0 && fraudRate <= 1, "--fraud-rate", fraudRate, "a number from 0 to 1");
    check(
        cmd,
        !duration.isNegative() && !duration.isZero(),
        "--duration",
        duration,
        "a positive duration");
    check(cmd, rate >= 0 && Double.isFinite(rate), "--rate", rate, "events per second, 0 or more");
    check(
        cmd,
        acceleration >= 0 && Double.isFinite(acceleration),
        "--acceleration",
        acceleration,
        "a factor, 0 or more");
    check(
        cmd,
        badRecordRate >= 0 && badRecordRate <= 0.5,
        "--bad-record-rate",
        badRecordRate,
        "a number from 0 to 0.5");
    List<Scenario> scenarios;
    try {
      scenarios = rules == null ? Scenarios.DEFAULTS : Scenarios.of(rules);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for option '--rules': " + e.getMessage());
    }
    return SimulatorSettings.builder()
        .players(players)
        .seed(seed)
        .fraudRate(fraudRate)
        .scenarios(scenarios)
        .start(start == null ? SimulatorCli.defaultStart() : start)
        .duration(duration)
        .rateLimit(rate)
        .acceleration(acceleration)
        .badRecordRate(badRecordRate)
        .settings();
  }

  static void check(CommandLine cmd, boolean ok, String option, Object value, String expected) {
    if (!ok) {
      throw new ParameterException(
          cmd,
          "Invalid value for option '"
              + option
              + "': expected "
              + expected
              + " but was '"
              + value
              + "'");
    }
  }
}

package dev.croupier.drills.traffic;

import dev.croupier.simulator.SimulatorSettings;
import java.time.Duration;
import java.time.Instant;

/**
 * The labelled traffic of a drill: the simulator's population, seed, fraud and bad-record rates,
 * the event-time span it covers and how fast it is sent (events per second, 0 for unpaced).
 */
public record TrafficSettings(
    int players,
    long seed,
    double fraudRate,
    Instant start,
    Duration span,
    double eventsPerSecond,
    double badRecordRate) {

  /** A fixed start on the hour, long enough ago that event time never passes the wall clock. */
  public static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

  public SimulatorSettings simulator() {
    return SimulatorSettings.builder()
        .players(players)
        .seed(seed)
        .fraudRate(fraudRate)
        .start(start)
        .duration(span)
        .rateLimit(eventsPerSecond)
        .acceleration(0)
        .badRecordRate(badRecordRate)
        .settings();
  }

  public TrafficSettings withRate(double perSecond) {
    return new TrafficSettings(players, seed, fraudRate, start, span, perSecond, badRecordRate);
  }
}

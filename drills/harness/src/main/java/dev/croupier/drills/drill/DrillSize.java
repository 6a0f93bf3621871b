package dev.croupier.drills.drill;

import dev.croupier.drills.traffic.TrafficSettings;
import java.time.Duration;

/**
 * How big the drills are: {@code QUICK} for CI (about 60,000 events, one fault of each kind asked
 * for, a few minutes each on two cores), {@code FULL} for the figures in docs/RELIABILITY.md (about
 * 150,000 events per drill, and over a million through three TaskManager kills).
 */
public enum DrillSize {
  QUICK(
      new TrafficSettings(
          4_000, 20260302L, 0.3, TrafficSettings.START, Duration.ofHours(2), 1_000, 0.001),
      new TrafficSettings(
          4_000, 20260302L, 0.3, TrafficSettings.START, Duration.ofHours(2), 1_000, 0.001),
      1),
  FULL(
      new TrafficSettings(
          10_000, 20260302L, 0.1, TrafficSettings.START, Duration.ofHours(2), 2_000, 0.001),
      new TrafficSettings(
          60_000, 20260303L, 0.02, TrafficSettings.START, Duration.ofMinutes(150), 3_000, 0.001),
      3);

  private final TrafficSettings traffic;
  private final TrafficSettings longTraffic;
  private final int kills;

  DrillSize(TrafficSettings traffic, TrafficSettings longTraffic, int kills) {
    this.traffic = traffic;
    this.longTraffic = longTraffic;
    this.kills = kills;
  }

  /** The traffic of most drills. */
  public TrafficSettings traffic() {
    return traffic;
  }

  /** The traffic of the TaskManager-kill drill (over a million events in FULL). */
  public TrafficSettings killTraffic() {
    return longTraffic;
  }

  /** TaskManager kills in the kill drill. */
  public int kills() {
    return kills;
  }
}

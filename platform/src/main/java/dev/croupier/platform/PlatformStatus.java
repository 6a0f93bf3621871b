package dev.croupier.platform;

import dev.croupier.simulator.SimulationStats;
import java.util.List;
import java.util.Map;

/**
 * One look at a running platform, taken by {@link PlatformRun#status()}: what the simulator sent,
 * what each job committed, what came out, and the current hour's net_win board.
 *
 * @param boardKey the Redis key of the hourly global net_win board of the simulator's current hour
 */
record PlatformStatus(
    long atNanos,
    SimulationStats simulation,
    Map<String, JobProgress.Reading> jobs,
    OutputFeed.Snapshot outputs,
    String boardKey,
    List<HourlyBoard.Row> board) {

  /** Events sent per second between {@code before} and this status. */
  double eventsPerSecond(PlatformStatus before) {
    return rate(simulation.events() - before.simulation.events(), before);
  }

  /** Alerts read per second between {@code before} and this status. */
  double alertsPerSecond(PlatformStatus before) {
    return rate(outputs.alerts().size() - before.outputs.alerts().size(), before);
  }

  /** Input records the busiest job (the one reading every topic) has committed. */
  long processed() {
    return jobs.values().stream().mapToLong(JobProgress.Reading::processed).max().orElse(0);
  }

  private double rate(long delta, PlatformStatus before) {
    long nanos = atNanos - before.atNanos;
    return nanos <= 0 ? 0 : delta * 1e9 / nanos;
  }
}

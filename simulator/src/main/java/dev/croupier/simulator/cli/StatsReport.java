package dev.croupier.simulator.cli;

import dev.croupier.simulator.SimulationStats;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;

/** The end-of-run summary printed by the command line. */
record StatsReport(SimulationStats stats) {

  void print(PrintWriter out) {
    out.printf(
        "Sent %,d events in %.1f s (%,.0f events/s), event time %s to %s, %,d sessions%n",
        stats.events(),
        stats.wallTime().toMillis() / 1000.0,
        stats.eventsPerSecond(),
        instant(stats.firstEventAt()),
        instant(stats.lastEventAt()),
        stats.sessions());
    section(out, "Events per topic", stats.eventsPerTopic());
    section(out, "Labelled scenarios per rule", stats.scenariosPerRule());
    if (stats.scenariosDropped() > 0) {
      out.printf(
          "  (%d scenarios dropped: their evidence would have outlived the run)%n",
          stats.scenariosDropped());
    }
    section(out, "Bad records", stats.badRecordsPerKind());
    out.flush();
  }

  private static void section(PrintWriter out, String title, Map<String, Long> counts) {
    out.println(title + ":");
    counts.forEach((k, v) -> out.printf("  %-20s %,12d%n", k, v));
  }

  private static String instant(long millis) {
    return millis < 0 ? "-" : Instant.ofEpochMilli(millis).toString();
  }
}

package dev.croupier.simulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run sent: events per topic, labelled scenarios per rule, bad records per kind, background
 * sessions started, scenarios dropped because they would have outlived the run, the event-time span
 * covered and the wall time taken.
 */
public record SimulationStats(
    long events,
    Map<String, Long> eventsPerTopic,
    Map<String, Long> scenariosPerRule,
    Map<String, Long> badRecordsPerKind,
    long sessions,
    long scenariosDropped,
    long firstEventAt,
    long lastEventAt,
    Duration wallTime) {

  public SimulationStats {
    eventsPerTopic = Collections.unmodifiableMap(new LinkedHashMap<>(eventsPerTopic));
    scenariosPerRule = Collections.unmodifiableMap(new LinkedHashMap<>(scenariosPerRule));
    badRecordsPerKind = Collections.unmodifiableMap(new LinkedHashMap<>(badRecordsPerKind));
  }

  /** All labelled scenarios. */
  public long scenarios() {
    return scenariosPerRule.values().stream().mapToLong(Long::longValue).sum();
  }

  /** All deliberately broken records. */
  public long badRecords() {
    return badRecordsPerKind.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Events sent per wall-clock second. */
  public double eventsPerSecond() {
    long nanos = wallTime.toNanos();
    return nanos == 0 ? 0 : events * 1e9 / nanos;
  }
}

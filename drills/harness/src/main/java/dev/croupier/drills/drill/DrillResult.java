package dev.croupier.drills.drill;

import dev.croupier.drills.verify.Difference;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one drill did and found: events sent, faults injected with their restore times, the
 * differences from the oracles (none: passed), or why it was skipped.
 */
public record DrillResult(
    String drill,
    long events,
    List<FaultRecord> faults,
    List<Difference> differences,
    Map<String, String> figures,
    Duration took,
    String skipped) {

  public DrillResult {
    faults = List.copyOf(faults);
    differences = List.copyOf(differences);
    figures = Map.copyOf(figures);
  }

  public static DrillResult skipped(String drill, String why) {
    return new DrillResult(drill, 0, List.of(), List.of(), Map.of(), Duration.ZERO, why);
  }

  public boolean passed() {
    return skipped == null && differences.isEmpty();
  }

  public String verdict() {
    if (skipped != null) {
      return "SKIPPED";
    }
    return differences.isEmpty() ? "PASS" : "FAIL (" + differences.size() + ")";
  }

  /** The longest restore among the faults, if any fault stopped the jobs. */
  public Duration longestRestore() {
    return faults.stream()
        .map(FaultRecord::restore)
        .filter(d -> d != null)
        .max(Duration::compareTo)
        .orElse(null);
  }
}

package dev.croupier.bench;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The measurements of a run after its ceilings. The ceilings always run, since every ratio is to
 * the pass-through ceiling of the same run; {@code --only} picks among these for a cheap A/B run.
 */
enum BenchStep {
  BALANCES("balances alone"),
  LEADERBOARDS("leaderboards alone"),
  FRAUD("fraud detection alone"),
  TOGETHER(BenchRun.ALL_THREE),
  LATENCY(null);

  /** The throughput row this step adds to the report (none for latency). */
  final String row;

  BenchStep(String row) {
    this.row = row;
  }

  static Set<BenchStep> all() {
    return EnumSet.allOf(BenchStep.class);
  }

  /** How a run names its steps in the report: "all", or the list a partial run was given. */
  static String describe(Set<BenchStep> steps) {
    if (steps.equals(all())) {
      return "all";
    }
    return "only "
        + steps.stream()
            .map(s -> s.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "))
        + " (a partial run: for A/B comparisons, not for docs/BENCHMARKS.md)";
  }
}

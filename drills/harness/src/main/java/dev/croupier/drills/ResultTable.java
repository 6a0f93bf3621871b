package dev.croupier.drills;

import dev.croupier.drills.drill.DrillResult;
import dev.croupier.drills.drill.Durations;
import dev.croupier.drills.drill.FaultRecord;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The drills' table: drill, events, faults injected, restore time, result; then the details. */
public final class ResultTable {
  private ResultTable() {}

  public static void print(List<DrillResult> results, PrintStream out) {
    String format = "%-16s %12s  %-62s %-18s %s%n";
    out.printf(Locale.ROOT, format, "drill", "events", "faults injected", "restore time", "result");
    for (DrillResult r : results) {
      out.printf(
          Locale.ROOT,
          format,
          r.drill(),
          r.skipped() != null ? "-" : String.format(Locale.ROOT, "%,d", r.events()),
          r.skipped() != null ? r.skipped() : faults(r),
          restore(r),
          r.verdict());
    }
    for (DrillResult r : results) {
      if (r.skipped() != null) {
        continue;
      }
      out.printf(
          Locale.ROOT, "%n== %s (%s): %s%n", r.drill(), Durations.minutes(r.took()), r.verdict());
      for (FaultRecord f : r.faults()) {
        out.println("  fault: " + f.describe());
      }
      r.figures().forEach((k, v) -> out.println("  " + k + ": " + v));
      r.differences().forEach(d -> out.println("  DIFFERENCE " + d));
    }
  }

  private static String faults(DrillResult r) {
    if (r.faults().isEmpty()) {
      return "none";
    }
    String all = r.faults().stream().map(FaultRecord::what).collect(Collectors.joining("; "));
    return all.length() <= 62 ? all : r.faults().size() + " x " + shorten(r.faults().get(0).what());
  }

  private static String shorten(String s) {
    return s.length() <= 52 ? s : s.substring(0, 51) + "…";
  }

  private static String restore(DrillResult r) {
    List<FaultRecord> timed = r.faults().stream().filter(f -> f.restore() != null).toList();
    if (timed.isEmpty()) {
      return "-";
    }
    if (timed.size() == 1) {
      return Durations.seconds(timed.get(0).restore());
    }
    return "max " + Durations.seconds(r.longestRestore());
  }
}

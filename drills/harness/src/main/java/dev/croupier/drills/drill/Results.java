package dev.croupier.drills.drill;

import dev.croupier.drills.verify.Difference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Adding a drill's own findings to the result of its run. */
final class Results {
  private Results() {}

  static DrillResult withProblems(DrillResult result, String check, List<String> problems) {
    if (problems.isEmpty()) {
      return result;
    }
    List<Difference> all = new ArrayList<>(result.differences());
    all.add(
        new Difference(check, problems.size(), problems.subList(0, Math.min(5, problems.size()))));
    return new DrillResult(
        result.drill(),
        result.events(),
        result.faults(),
        all,
        result.figures(),
        result.took(),
        null);
  }

  static DrillResult withFigures(DrillResult result, Map<String, String> figures) {
    Map<String, String> all = new TreeMap<>(result.figures());
    all.putAll(figures);
    return new DrillResult(
        result.drill(),
        result.events(),
        result.faults(),
        result.differences(),
        all,
        result.took(),
        null);
  }
}

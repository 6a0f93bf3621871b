package dev.croupier.drills.verify;

import java.util.List;

/** One way the outputs differ from the oracles: what was checked, how often, and examples. */
public record Difference(String check, long count, List<String> examples) {
  public Difference {
    examples = List.copyOf(examples);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(check).append(": ").append(count).append(" difference(s)");
    examples.forEach(e -> s.append("\n    ").append(e.replace("\n", "\n    ")));
    return s.toString();
  }
}

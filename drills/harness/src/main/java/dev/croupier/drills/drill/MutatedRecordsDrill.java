package dev.croupier.drills.drill;

import dev.croupier.drills.traffic.RecordFuzzer;
import dev.croupier.drills.traffic.RecordMutator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drill 7: broken copies of about 1 % of the records mixed into the traffic ({@link
 * DrillContext#mutator()}, the drills' own {@code RecordFuzzer} for now): every mutant must land in
 * the dead-letter topic once per job reading its topic (the comparison of {@code platform.dlq}),
 * the views equal the oracles, and no job restarts. Skipped when no mutator is plugged in.
 */
public final class MutatedRecordsDrill implements Drill {
  @Override
  public String name() {
    return "mutated-records";
  }

  @Override
  public String summary() {
    return "1 % of the records mutated: all dead-lettered, zero restarts";
  }

  @Override
  public DrillResult run(DrillContext context) throws Exception {
    if (context.mutator() == RecordMutator.NONE) {
      return DrillResult.skipped(name(), "no record fuzzer yet: plug one in as a RecordMutator");
    }
    List<String> restarted = new ArrayList<>();
    DrillResult result;
    try (DrillRun run =
        DrillRun.start(
            context, name(), context.size().traffic(), context.jar(), 2, context.mutator())) {
      result = run.finish();
      run.deployment()
          .restarts()
          .forEach(
              (job, n) -> {
                if (n > 0) {
                  restarted.add(job.flinkName() + " restarted " + n + " time(s)");
                }
              });
    }
    if (context.mutator() instanceof RecordFuzzer fuzzer) {
      result = Results.withFigures(result, Map.of("mutants mixed in", fuzzer.mutants() + ""));
    }
    return Results.withProblems(result, "no unplanned restart", restarted);
  }
}

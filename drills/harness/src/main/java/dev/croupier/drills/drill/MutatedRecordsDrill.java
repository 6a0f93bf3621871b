package dev.croupier.drills.drill;

import dev.croupier.drills.traffic.RecordMutator;
import java.util.ArrayList;
import java.util.List;

/**
 * Drill 7: about 1 % of the records mutated by the fuzzer of the bad-input work ({@link
 * DrillContext#mutator()}): every mutated record must land in the dead-letter topic, the views
 * equal the oracles, and no job restarts. Skipped while no mutator is plugged in.
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
    return Results.withProblems(result, "no unplanned restart", restarted);
  }
}

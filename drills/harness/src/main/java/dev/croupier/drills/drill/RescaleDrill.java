package dev.croupier.drills.drill;

import dev.croupier.drills.cluster.FlinkRest;
import dev.croupier.drills.jobs.CroupierJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drill 2: stop every job with a savepoint and resubmit it from the savepoint at another
 * parallelism, while the traffic flows: 2 → 1 in QUICK, 2 → 1 → 4 → 2 in FULL (within the jobs' max
 * parallelism).
 */
public final class RescaleDrill implements Drill {
  @Override
  public String name() {
    return "rescale";
  }

  @Override
  public String summary() {
    return "stop-with-savepoint, resubmit at another parallelism (2 -> 1 -> 4 -> 2)";
  }

  @Override
  public DrillResult run(DrillContext context) throws Exception {
    List<Integer> steps = context.size() == DrillSize.QUICK ? List.of(1) : List.of(1, 4, 2);
    List<String> wrongParallelism = new ArrayList<>();
    DrillResult result;
    try (DrillRun run =
        DrillRun.start(context, name(), context.size().traffic(), context.jar(), 2)) {
      int from = 2;
      for (int i = 0; i < steps.size(); i++) {
        int to = steps.get(i);
        run.awaitSent((i + 1.0) / (steps.size() + 1));
        long t0 = System.nanoTime();
        Map<CroupierJob, String> savepoints = run.deployment().stopAllWithSavepoint();
        run.deployment().useParallelism(to).submitAll(savepoints);
        long running = System.nanoTime();
        for (var job : run.deployment().jobIds().entrySet()) {
          FlinkRest.JobDetail d = run.cluster().flink().rest().job(job.getValue());
          if (d.maxParallelism() != to) {
            wrongParallelism.add(
                job.getKey().flinkName() + " runs at " + d.maxParallelism() + ", not " + to);
          }
        }
        run.deployment().awaitCheckpoints(1, java.time.Duration.ofMinutes(5));
        run.recordFault(
            new FaultRecord(
                "stop-with-savepoint, parallelism " + from + " -> " + to,
                java.time.Duration.ofNanos(running - t0),
                java.time.Duration.ofNanos(System.nanoTime() - t0)));
        from = to;
      }
      result = run.finish();
    }
    return Results.withProblems(result, "jobs run at the new parallelism", wrongParallelism);
  }
}

package dev.croupier.drills.drill;

import dev.croupier.drills.jobs.CroupierJob;
import dev.croupier.drills.process.ChildProcess;
import java.util.Map;

/**
 * Drill 1: {@code kill -9} of the TaskManager that holds the most subtasks, late in a checkpoint
 * interval (the longest replay), while the traffic flows; a replacement TaskManager starts right
 * away. Repeated {@link DrillSize#kills()} times, spread over the traffic.
 */
public final class TaskManagerKillDrill implements Drill {
  @Override
  public String name() {
    return "tm-kill";
  }

  @Override
  public String summary() {
    return "kill -9 a TaskManager holding tasks, start a replacement (repeated)";
  }

  @Override
  public DrillResult run(DrillContext context) throws Exception {
    int kills = context.size().kills();
    try (DrillRun run =
        DrillRun.start(context, name(), context.size().killTraffic(), context.jar(), 2)) {
      for (int i = 1; i <= kills; i++) {
        run.awaitSent((double) i / (kills + 1));
        run.awaitLateInCheckpointInterval();
        ChildProcess victim = run.busiestTaskManager();
        Map<CroupierJob, Long> failures = run.deployment().failureSignals();
        long t0 = System.nanoTime();
        run.cluster().flink().killTaskManager(victim);
        ChildProcess replacement = run.cluster().flink().startTaskManager();
        run.say(
            "kill -9 "
                + victim
                + " at "
                + String.format("%,d", run.traffic().sent())
                + " events sent; started "
                + replacement.name());
        run.recover("kill -9 " + victim.name(), t0, failures, true);
      }
      return run.finish();
    }
  }
}

package dev.croupier.drills.drill;

import dev.croupier.drills.jobs.CroupierJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Drill 6: {@code kill -9} of the JobManager of a cluster without HA services. A new JobManager
 * knows no job; the TaskManagers register with it again. Each job is resumed as docs/RELIABILITY.md
 * says: {@code flink run -s <checkpoint dir>/<job id>/chk-<n>} from its newest retained checkpoint.
 * With HA services (ZooKeeper or Kubernetes) Flink does this by itself.
 */
public final class JobManagerKillDrill implements Drill {
  @Override
  public String name() {
    return "jobmanager-kill";
  }

  @Override
  public String summary() {
    return "kill -9 the JobManager (no HA), resume each job from its latest retained checkpoint";
  }

  @Override
  public DrillResult run(DrillContext context) throws Exception {
    List<String> problems = new ArrayList<>();
    DrillResult result;
    try (DrillRun run =
        DrillRun.start(context, name(), context.size().traffic(), context.jar(), 2)) {
      run.awaitSent(0.4);
      run.awaitLateInCheckpointInterval();
      long t0 = System.nanoTime();
      run.cluster().flink().killJobManager();
      run.say("kill -9 the JobManager; starting a new one");
      run.cluster().flink().restartJobManager();
      run.cluster().flink().awaitTaskManagers(run.context().flink().taskManagers());
      int jobsKnown = run.cluster().flink().rest().jobs().size();
      if (jobsKnown != 0) {
        problems.add("a JobManager without HA knew " + jobsKnown + " job(s) after its restart");
      }
      Map<CroupierJob, String> checkpoints = new EnumMap<>(CroupierJob.class);
      for (CroupierJob job : run.deployment().lineup()) {
        Path chk =
            run.latestRetainedCheckpoint(job)
                .orElseThrow(
                    () ->
                        new IllegalStateException("no retained checkpoint of " + job.flinkName()));
        checkpoints.put(job, chk.toUri().toString());
        run.say("Resuming " + job.flinkName() + " from " + chk);
      }
      run.deployment().submitAll(checkpoints);
      long running = System.nanoTime();
      run.deployment().awaitCheckpoints(1, Duration.ofMinutes(5));
      run.recordFault(
          new FaultRecord(
              "kill -9 the JobManager, resumed from retained checkpoints",
              Duration.ofNanos(running - t0),
              Duration.ofNanos(System.nanoTime() - t0)));
      result = run.finish();
    }
    return Results.withProblems(result, "jobs after a JobManager restart without HA", problems);
  }
}

package dev.croupier.bench;

import dev.croupier.drills.cluster.DrillCluster;
import dev.croupier.drills.cluster.FlinkCli;
import dev.croupier.drills.cluster.FlinkRest;
import dev.croupier.drills.process.Waits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A job the bench submitted with {@code flink run -d}: its id, its consumer group and the topics it
 * reads. {@link #cancel()} ends it and waits until its slots are free again, so the next phase
 * finds the whole cluster.
 */
record Submitted(
    DrillCluster cluster, String name, String jobId, String group, List<String> topics) {

  /**
   * Flink's own option that fixes a job's id before it is submitted (internal: the client reads it
   * when it builds the job graph). The bench gives every measured job its id up front, so that it
   * can count the job's records from the moment the job starts, however long its {@code flink run}
   * takes to return.
   */
  static final String FIXED_JOB_ID = "$internal.pipeline.job-id";

  /** {@code flink run -d -c ENTRY JAR ARGS} under a new id; returns once it was accepted. */
  static Submitted submit(
      DrillCluster cluster,
      String name,
      String entryClass,
      Path jar,
      List<String> args,
      String group,
      List<String> topics) {
    return submit(cluster, name, entryClass, jar, args, group, topics, newJobId());
  }

  /**
   * {@code flink run -d -D $internal.pipeline.job-id=JOB_ID -c ENTRY JAR ARGS}; fails if Flink gave
   * the job another id.
   */
  static Submitted submit(
      DrillCluster cluster,
      String name,
      String entryClass,
      Path jar,
      List<String> args,
      String group,
      List<String> topics,
      String jobId) {
    String id =
        cluster
            .flink()
            .cli()
            .run(new FlinkCli.Submission(entryClass, jar, null, args, Map.of(FIXED_JOB_ID, jobId)));
    if (!id.equals(jobId)) {
      throw new IllegalStateException(
          "flink run gave the job "
              + name
              + " the id "
              + id
              + ", not the "
              + jobId
              + " asked for with -D "
              + FIXED_JOB_ID
              + ": its records could not be counted");
    }
    return new Submitted(cluster, name, id, group, List.copyOf(topics));
  }

  /** A new job id, 32 hexadecimal digits as Flink writes them. */
  static String newJobId() {
    return java.util.UUID.randomUUID().toString().replace("-", "");
  }

  /** Whether the job ended (failed, cancelled or finished): a measurement that cannot go on. */
  boolean ended() throws IOException {
    return List.of("FAILED", "CANCELED", "FINISHED")
        .contains(cluster.flink().rest().job(jobId).state());
  }

  FlinkRest.JobDetail detail() throws IOException {
    return cluster.flink().rest().job(jobId);
  }

  /** Cancels every job of {@code jobs}, then waits until every slot of the cluster is free. */
  static void cancelAll(DrillCluster cluster, List<Submitted> jobs) throws InterruptedException {
    for (Submitted s : jobs) {
      try {
        if (!s.ended()) {
          cluster.flink().cli().cancel(s.jobId());
        }
      } catch (IOException | RuntimeException e) {
        // cancelled or gone already: the wait below decides
      }
    }
    Waits.until(
        "the jobs cancelled and their slots free",
        Duration.ofMinutes(3),
        Duration.ofMillis(250),
        () ->
            cluster.flink().rest().taskManagers().stream()
                .allMatch(tm -> tm.freeSlots() == tm.slots()));
  }
}

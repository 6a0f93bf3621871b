package dev.croupier.bench;

import dev.croupier.drills.cluster.DrillCluster;
import dev.croupier.drills.cluster.FlinkCli;
import dev.croupier.drills.cluster.FlinkRest;
import dev.croupier.drills.process.Waits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job the bench submitted with {@code flink run -d}: its id, its consumer group and the topics it
 * reads. {@link #cancelAllById} ends jobs and waits until their slots are free again, so the next
 * phase finds the whole cluster.
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

  /** The states of a job that ended: nothing to cancel. */
  private static final Set<String> ENDED = Set.of("FAILED", "CANCELED", "FINISHED");

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
      try {
        cluster.flink().cli().cancel(id); // accepted under an id nobody would cancel
      } catch (RuntimeException e) {
        // ended already; the message below says which job it was
      }
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
    return ENDED.contains(cluster.flink().rest().job(jobId).state());
  }

  FlinkRest.JobDetail detail() throws IOException {
    return cluster.flink().rest().job(jobId);
  }

  /**
   * Cancels every job of {@code jobIds} that Flink knows and that has not ended, then waits until
   * every slot of the cluster is free. By the ids given before submitting, not by the {@code flink
   * run}s that returned: a run that failed after Flink accepted its job (a client time-out, an id
   * refused) would otherwise leave that job running, reading and taking slots, under every later
   * measurement.
   */
  static void cancelAllById(DrillCluster cluster, Collection<String> jobIds)
      throws InterruptedException {
    for (String id : toCancel(jobIds, id -> cluster.flink().rest().job(id).state())) {
      try {
        cluster.flink().cli().cancel(id);
      } catch (RuntimeException e) {
        // ended meanwhile: the wait below decides
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

  /** How a job's state is asked for; an id Flink does not know throws. */
  interface JobStates {
    String state(String jobId) throws IOException;
  }

  /**
   * The ids of {@code jobIds} whose jobs Flink knows and that have not ended (failed, cancelled or
   * finished); an id it does not know (its {@code flink run} failed before Flink accepted the job)
   * is skipped.
   */
  static List<String> toCancel(Collection<String> jobIds, JobStates states) {
    List<String> out = new ArrayList<>();
    for (String id : jobIds) {
      try {
        if (!ENDED.contains(states.state(id))) {
          out.add(id);
        }
      } catch (IOException | RuntimeException e) {
        // not known to Flink: never accepted, nothing to cancel
      }
    }
    return out;
  }
}

package dev.croupier.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on the {@link LocalFlinkCluster} through their own unmodified {@code main(String[])},
 * each in a thread of its own (where {@code execute()} blocks), and cancels them through the
 * MiniCluster. A job is known by the name its {@code main} gives {@code execute}.
 */
final class PlatformJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformJobs.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** A job entry point: a {@code main} method and the Flink job name it submits. */
  interface Main {
    void run(String[] args) throws Exception;
  }

  private final MiniCluster cluster;
  private final Map<String, JobID> running = new LinkedHashMap<>();
  private final List<Thread> threads = new ArrayList<>();

  PlatformJobs(MiniCluster cluster) {
    this.cluster = cluster;
  }

  /** Runs {@code main(args)} and returns once Flink reports the job {@code jobName} running. */
  void submit(String jobName, Main main, List<String> args) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                main.run(args.toArray(String[]::new));
              } catch (Throwable e) { // a cancelled job ends its execute() with an exception too
                failure.set(e);
              }
            },
            "job-" + jobName);
    t.setDaemon(true);
    threads.add(t);
    t.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (failure.get() != null) {
        throw new IllegalStateException("job " + jobName + " did not start", failure.get());
      }
      for (JobStatusMessage job : cluster.listJobs().get()) {
        if (job.getJobName().equals(jobName) && job.getJobState() == JobStatus.RUNNING) {
          running.put(jobName, job.getJobId());
          LOG.info("Job {} running as {}", jobName, job.getJobId());
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("job " + jobName + " not running after " + START_TIMEOUT);
  }

  /** The jobs started, by name. */
  Map<String, JobID> running() {
    return running;
  }

  /** Jobs that ended (failed, finished or cancelled); a job restarting is still alive. */
  List<String> ended() throws Exception {
    List<String> out = new ArrayList<>();
    for (var e : running.entrySet()) {
      JobStatus s = cluster.getJobStatus(e.getValue()).get();
      if (s.isGloballyTerminalState()) {
        out.add(e.getKey() + " " + s);
      }
    }
    return out;
  }

  /** The fewest checkpoints any running job has completed. */
  long minCompletedCheckpoints() throws Exception {
    long min = Long.MAX_VALUE;
    for (JobID id : running.values()) {
      long n =
          cluster
              .getExecutionGraph(id)
              .get()
              .getCheckpointStatsSnapshot()
              .getCounts()
              .getNumberOfCompletedCheckpoints();
      min = Math.min(min, n);
    }
    return min == Long.MAX_VALUE ? 0 : min;
  }

  /** Each job's checkpoint counts and sizes so far, by job name without "croupier-". */
  Map<String, CheckpointFigures> checkpoints() throws Exception {
    Map<String, CheckpointFigures> out = new LinkedHashMap<>();
    for (var e : running.entrySet()) {
      out.put(
          e.getKey().replaceFirst("^croupier-", ""),
          CheckpointFigures.of(
              cluster.getExecutionGraph(e.getValue()).get().getCheckpointStatsSnapshot()));
    }
    return out;
  }

  /** Cancels every job and waits for their threads; never throws. */
  @Override
  public void close() {
    for (var e : running.entrySet()) {
      try {
        if (!cluster.getJobStatus(e.getValue()).get().isGloballyTerminalState()) {
          cluster.cancelJob(e.getValue()).get(30, TimeUnit.SECONDS);
        }
      } catch (Exception x) {
        LOG.warn("Could not cancel job {}", e.getKey(), x);
      }
    }
    for (Thread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    running.clear();
  }
}

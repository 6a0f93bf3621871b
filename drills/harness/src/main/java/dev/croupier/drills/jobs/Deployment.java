package dev.croupier.drills.jobs;

import dev.croupier.drills.cluster.DrillCluster;
import dev.croupier.drills.cluster.FlinkCli;
import dev.croupier.drills.cluster.FlinkRest;
import dev.croupier.drills.process.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three jobs deployed on a {@link DrillCluster} the way the README documents it: {@code flink
 * run -d -c <entry class> <jar> --key=value …} with the cluster's addresses, stopped with {@code
 * flink stop --savepointPath}, resumed with {@code flink run -s}. Tracks the current job id of each
 * and answers the questions a drill asks: all running? how often restarted?
 */
public final class Deployment {
  private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);
  private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(5);

  private final DrillCluster cluster;
  private final List<CroupierJob> lineup;
  private final Map<CroupierJob, String> jobIds = new EnumMap<>(CroupierJob.class);
  private final Map<CroupierJob, List<String>> extraArgs = new EnumMap<>(CroupierJob.class);
  private Path jar;
  private int parallelism;

  public Deployment(DrillCluster cluster, Path jar, int parallelism, List<CroupierJob> lineup) {
    this.cluster = cluster;
    this.jar = jar;
    this.parallelism = parallelism;
    this.lineup = List.copyOf(lineup);
  }

  public List<CroupierJob> lineup() {
    return lineup;
  }

  public Path jar() {
    return jar;
  }

  public int parallelism() {
    return parallelism;
  }

  /** The next submissions use {@code jar} (an upgrade, a broken build). */
  public Deployment useJar(Path jar) {
    this.jar = jar;
    return this;
  }

  /** The next submissions run at {@code parallelism} (a rescale). */
  public Deployment useParallelism(int parallelism) {
    this.parallelism = parallelism;
    return this;
  }

  /** More documented {@code --key=value} arguments for one job's next submissions. */
  public Deployment withArgs(CroupierJob job, List<String> args) {
    extraArgs.put(job, List.copyOf(args));
    return this;
  }

  /** The job id each job runs under now. */
  public Map<CroupierJob, String> jobIds() {
    synchronized (jobIds) {
      return Map.copyOf(jobIds);
    }
  }

  /** The documented arguments of a job: the cluster's addresses, the parallelism, extras. */
  public List<String> args(CroupierJob job) {
    List<String> args = new ArrayList<>();
    args.add("--kafka.bootstrap-servers=" + cluster.kafka().bootstrapServers());
    args.add("--registry.url=" + cluster.registryUrl());
    args.add("--redis.host=" + cluster.redis().host());
    args.add("--redis.port=" + cluster.redis().port());
    args.add("--kafka.group-id=" + job.groupId());
    args.add("--job.parallelism=" + parallelism);
    args.addAll(extraArgs.getOrDefault(job, List.of()));
    return args;
  }

  /** Submits every job of the lineup (from its savepoint, where given); waits until all run. */
  public void submitAll(Map<CroupierJob, String> fromSavepoints) throws InterruptedException {
    onEachJob(job -> submit(job, fromSavepoints.get(job)));
    awaitAllRunning();
  }

  /**
   * Runs {@code action} for every job of the lineup, side by side (each flink CLI call spends most
   * of its time starting a JVM); rethrows the first failure after all ended.
   */
  private <T> Map<CroupierJob, T> onEachJob(java.util.function.Function<CroupierJob, T> action)
      throws InterruptedException {
    Map<CroupierJob, T> results = new java.util.concurrent.ConcurrentHashMap<>();
    Map<CroupierJob, RuntimeException> failures = new java.util.concurrent.ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (CroupierJob job : lineup) {
      Thread t =
          new Thread(
              () -> {
                try {
                  results.put(job, action.apply(job));
                } catch (RuntimeException e) {
                  failures.put(job, e);
                }
              },
              "flink-cli-" + job.id());
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw failures.values().iterator().next();
    }
    return new EnumMap<>(results);
  }

  /** {@code flink run -d [-s savepoint] -c <entry> <jar> <args>}; returns the job id. */
  public String submit(CroupierJob job, String fromSavepoint) {
    FlinkCli.Submission s =
        new FlinkCli.Submission(job.entryClass(), jar, fromSavepoint, args(job));
    String id = cluster.flink().cli().run(s);
    LOG.info("Submitted {} as {} (parallelism {}, from {})", job, id, parallelism, fromSavepoint);
    synchronized (jobIds) {
      jobIds.put(job, id);
    }
    return id;
  }

  /** {@code flink stop --savepointPath} of every job; returns each job's savepoint. */
  public Map<CroupierJob, String> stopAllWithSavepoint() throws InterruptedException {
    Map<CroupierJob, String> ids = jobIds();
    return onEachJob(
        job -> {
          String path =
              cluster
                  .flink()
                  .cli()
                  .stopWithSavepoint(ids.get(job), cluster.flink().savepointsDir());
          LOG.info("Stopped {} with savepoint {}", job, path);
          return path;
        });
  }

  /** Waits until every job and every one of its subtasks is RUNNING; returns how long it took. */
  public Duration awaitAllRunning() throws InterruptedException {
    long start = System.nanoTime();
    Waits.until(
        "all jobs running with all their subtasks",
        RUNNING_TIMEOUT,
        Duration.ofMillis(250),
        this::allRunning,
        this::describe);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Whether every job runs all its subtasks; fails if one ended for good. */
  public boolean allRunning() throws IOException {
    boolean all = true;
    for (CroupierJob job : lineup) {
      FlinkRest.JobDetail d = cluster.flink().rest().job(jobIds.get(job));
      if (List.of("FAILED", "CANCELED", "FINISHED").contains(d.state())) {
        throw new JobEndedException(job, d.state(), exceptions(job));
      }
      all &= d.allRunning();
    }
    return all;
  }

  /** Restarts per job ({@code numRestarts}). */
  public Map<CroupierJob, Long> restarts() throws IOException {
    Map<CroupierJob, Long> out = new EnumMap<>(CroupierJob.class);
    for (CroupierJob job : lineup) {
      out.put(job, cluster.flink().rest().restarts(jobIds.get(job)));
    }
    return out;
  }

  /**
   * A count per job that grows with every failure Flink handles: its restarts plus the entries of
   * its exception history. The restart count alone can lag: the exponential-delay policy counts a
   * restart only once its back-off passed, and may merge failures that come close together.
   */
  public Map<CroupierJob, Long> failureSignals() throws IOException {
    Map<CroupierJob, Long> out = new EnumMap<>(CroupierJob.class);
    for (CroupierJob job : lineup) {
      String id = jobIds.get(job);
      out.put(
          job, cluster.flink().rest().restarts(id) + cluster.flink().rest().exceptions(id).size());
    }
    return out;
  }

  /** Completed checkpoints per job. */
  public Map<CroupierJob, Long> completedCheckpoints() throws IOException {
    Map<CroupierJob, Long> out = new EnumMap<>(CroupierJob.class);
    for (CroupierJob job : lineup) {
      out.put(job, cluster.flink().rest().checkpoints(jobIds.get(job)).completed());
    }
    return out;
  }

  /** Waits until every job has completed {@code more} checkpoints beyond those counted now. */
  public void awaitCheckpoints(int more, Duration timeout) throws InterruptedException {
    Map<CroupierJob, Long> base;
    try {
      base = completedCheckpoints();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitCheckpointsBeyond(base, more, timeout);
  }

  /** Waits until every job has completed {@code more} checkpoints beyond {@code base}. */
  public void awaitCheckpointsBeyond(Map<CroupierJob, Long> base, int more, Duration timeout)
      throws InterruptedException {
    Waits.until(
        more + " more checkpoints of every job",
        timeout,
        Duration.ofMillis(250),
        () -> {
          allRunning(); // fails fast if a job ended
          Map<CroupierJob, Long> now = completedCheckpoints();
          return lineup.stream()
              .allMatch(j -> now.getOrDefault(j, 0L) >= base.getOrDefault(j, 0L) + more);
        },
        this::describe);
  }

  /** The failures Flink recorded for a job, newest first (empty when the REST API is gone). */
  public List<String> exceptions(CroupierJob job) {
    try {
      return cluster.flink().rest().exceptions(jobIds.get(job));
    } catch (IOException e) {
      return List.of("(exceptions unavailable: " + e.getMessage() + ")");
    }
  }

  /**
   * The newest retained checkpoint of a job in the cluster's checkpoint directory ({@code
   * <dir>/<job id>/chk-<n>} holding {@code _metadata}), as an operator finds it without the
   * JobManager.
   */
  public Optional<Path> latestRetainedCheckpoint(CroupierJob job) {
    Path jobDir = cluster.flink().checkpointsDir().resolve(jobIds.get(job));
    if (!Files.isDirectory(jobDir)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(jobDir)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("chk-"))
          .filter(d -> Files.isRegularFile(d.resolve("_metadata")))
          .max(
              Comparator.comparingLong(
                  d -> Long.parseLong(d.getFileName().toString().substring(4))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each job's state and running subtasks, for time-out messages. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (CroupierJob job : lineup) {
      try {
        FlinkRest.JobDetail d = cluster.flink().rest().job(jobIds.get(job));
        out.append(job.flinkName()).append(' ').append(d.state());
        d.vertices()
            .forEach(
                v ->
                    out.append(" [")
                        .append(v.name(), 0, Math.min(30, v.name().length()))
                        .append(' ')
                        .append(v.running())
                        .append('/')
                        .append(v.parallelism())
                        .append(']'));
        out.append('\n');
      } catch (IOException | RuntimeException e) {
        out.append(job.flinkName()).append(": ").append(e.getMessage()).append('\n');
      }
    }
    return out.toString();
  }

  /** A job reached a terminal state while the drill expected it to run. */
  public static final class JobEndedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    JobEndedException(CroupierJob job, String state, List<String> exceptions) {
      super(
          job.flinkName()
              + " is "
              + state
              + (exceptions.isEmpty() ? "" : "; latest failure: " + firstLines(exceptions.get(0))));
    }

    private static String firstLines(String trace) {
      return trace.lines().limit(3).reduce((a, b) -> a + "\n" + b).orElse("");
    }
  }
}

package dev.croupier.drills.drill;

import dev.croupier.drills.cluster.DrillCluster;
import dev.croupier.drills.jobs.CroupierJob;
import dev.croupier.drills.jobs.Deployment;
import dev.croupier.drills.process.ChildProcess;
import dev.croupier.drills.process.Waits;
import dev.croupier.drills.traffic.RecordMutator;
import dev.croupier.drills.traffic.Traffic;
import dev.croupier.drills.traffic.TrafficSettings;
import dev.croupier.drills.verify.BalanceSeqWatch;
import dev.croupier.drills.verify.Comparison;
import dev.croupier.simulator.scenario.ScenarioLabel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One drill's run, start to verdict: a fresh cluster under the drill's directory, Croupier's
 * topics, the three jobs submitted from the jar, the balance-seq watch and the labelled traffic;
 * then the drill injects its faults through the helpers here, and {@link #finish()} waits for the
 * traffic to end and the jobs to catch up and compares everything with the oracles.
 */
public final class DrillRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DrillRun.class);

  /** The jobs' documented default checkpoint interval. */
  public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  /** The jobs' documented default Redis key prefix. */
  public static final String KEY_PREFIX = "croupier:";

  /** Partitions of every topic: four, so parallelism 4 has a partition per source subtask. */
  public static final int PARTITIONS = 4;

  private static final Duration NOTICED = Duration.ofSeconds(120);

  private final DrillContext context;
  private final String name;
  private final Path dir;
  private final List<FaultRecord> faults = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private DrillCluster cluster;
  private Deployment deployment;
  private Traffic traffic;
  private BalanceSeqWatch watch;
  private boolean redisLostData;

  private DrillRun(DrillContext context, String name) {
    this.context = context;
    this.name = name;
    this.dir = context.workDir().resolve(name);
  }

  /** Starts the cluster, the jobs (from {@code jar} at {@code parallelism}) and the traffic. */
  public static DrillRun start(
      DrillContext context, String name, TrafficSettings traffic, Path jar, int parallelism)
      throws Exception {
    return start(context, name, traffic, jar, parallelism, RecordMutator.NONE);
  }

  /** As above, with some records made bad before they are sent. */
  public static DrillRun start(
      DrillContext context,
      String name,
      TrafficSettings traffic,
      Path jar,
      int parallelism,
      RecordMutator mutator)
      throws Exception {
    DrillRun run = new DrillRun(context, name);
    try {
      run.cluster = DrillCluster.start(run.dir.resolve("cluster"), context.flink(), run::say);
      run.cluster.createTopics(PARTITIONS);
      run.deployment = new Deployment(run.cluster, jar, parallelism, List.of(CroupierJob.values()));
      run.say("Submitting the three jobs with flink run (parallelism " + parallelism + ")...");
      run.deployment.submitAll(Map.of());
      run.watch =
          new BalanceSeqWatch(run.cluster.redis().host(), run.cluster.redis().port(), KEY_PREFIX)
              .start();
      run.traffic =
          new Traffic(
              traffic,
              run.cluster.kafka().bootstrapServers(),
              run.cluster.registryUrl(),
              run.dir,
              mutator);
      run.say(
          "Sending "
              + String.format("%,d", run.traffic.expectedEvents())
              + " events ("
              + traffic.players()
              + " players, "
              + (traffic.eventsPerSecond() > 0 ? (int) traffic.eventsPerSecond() + "/s" : "unpaced")
              + ")...");
      run.traffic.start();
      return run;
    } catch (Exception | Error e) {
      run.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public Path dir() {
    return dir;
  }

  public DrillContext context() {
    return context;
  }

  public DrillCluster cluster() {
    return cluster;
  }

  public Deployment deployment() {
    return deployment;
  }

  public Traffic traffic() {
    return traffic;
  }

  public BalanceSeqWatch watch() {
    return watch;
  }

  public void say(String message) {
    context.say(name, message);
  }

  public void recordFault(FaultRecord fault) {
    faults.add(fault);
    say(fault.describe());
  }

  /** The TaskManager running the most subtasks of the jobs. */
  public ChildProcess busiestTaskManager() throws IOException {
    Map<String, Integer> load = new java.util.HashMap<>();
    for (String jobId : deployment.jobIds().values()) {
      cluster
          .flink()
          .rest()
          .subtasksPerTaskManager(jobId)
          .forEach((tm, n) -> load.merge(tm, n, Integer::sum));
    }
    return cluster.flink().taskManagers().stream()
        .filter(tm -> load.containsKey(tm.name()))
        .max(java.util.Comparator.comparingInt(tm -> load.get(tm.name())))
        .orElseThrow(() -> new IllegalStateException("no TaskManager holds tasks: " + load));
  }

  /**
   * Waits until the balance job's latest checkpoint completed most of an interval ago (at most an
   * interval and a half): a fault now forces a long replay, the hardest case for exactly-once.
   */
  public void awaitLateInCheckpointInterval() throws Exception {
    String balance = deployment.jobIds().get(CroupierJob.BALANCE);
    long late = CHECKPOINT_INTERVAL.toMillis() * 6 / 10;
    long deadline = System.nanoTime() + CHECKPOINT_INTERVAL.toNanos() * 3 / 2;
    while (System.nanoTime() < deadline) {
      Long at = cluster.flink().rest().checkpoints(balance).latestCompletedAt();
      if (at != null && System.currentTimeMillis() - at >= late) {
        return;
      }
      Thread.sleep(100);
    }
  }

  /**
   * Measures the way back from a fault begun at {@code faultNanos}: waits until Flink noticed it (a
   * job's {@link Deployment#failureSignals()} grew beyond {@code failuresBefore}; skipped if {@code
   * expectRestart} is false), then until every job runs all its subtasks, then until every job
   * completed a checkpoint after that.
   */
  public FaultRecord recover(
      String what, long faultNanos, Map<CroupierJob, Long> failuresBefore, boolean expectRestart)
      throws Exception {
    if (expectRestart) {
      Waits.until(
          "a job failing over after: " + what,
          NOTICED,
          Duration.ofMillis(200),
          () -> {
            Map<CroupierJob, Long> now = deployment.failureSignals();
            return now.entrySet().stream()
                .anyMatch(e -> e.getValue() > failuresBefore.getOrDefault(e.getKey(), 0L));
          },
          deployment::describe);
    }
    deployment.awaitAllRunning();
    Duration running = Duration.ofNanos(System.nanoTime() - faultNanos);
    deployment.awaitCheckpoints(1, Duration.ofMinutes(5));
    Duration checkpointing = Duration.ofNanos(System.nanoTime() - faultNanos);
    FaultRecord record = new FaultRecord(what, running, checkpointing);
    recordFault(record);
    return record;
  }

  /**
   * Waits for the end of the traffic and for the jobs to catch up, releases the fraud job's last
   * events with a clock tick, and compares every output with the oracles.
   */
  public DrillResult finish() {
    return finish(label -> false);
  }

  /** As above; a missed scenario that {@code mayBeMissed} accepts is no difference. */
  public DrillResult finish(Predicate<ScenarioLabel> mayBeMissed) {
    Comparison comparison = new Comparison();
    long events = 0;
    try {
      say("Waiting for the traffic to end...");
      traffic.awaitFinished(Duration.ofHours(2));
      events = traffic.stats().events();
      say("Catching up: waiting until every job committed all its input...");
      Verification.catchUp(cluster, deployment, traffic);
      say("Caught up; reading the outputs and computing the oracles...");
      watch.close();
      Verification.compare(comparison, cluster, traffic, watch, mayBeMissed, redisLostData);
    } catch (Exception | Error e) {
      LOG.error("Drill {} could not finish", name, e);
      comparison.problem(
          "the drill ran to its end",
          e.toString().lines().limit(6).reduce((a, b) -> a + "\n" + b).orElse(""));
    }
    try {
      comparison.figures().put("restarts", deployment.restarts().toString());
    } catch (IOException | RuntimeException e) {
      // the cluster may be gone (a failed drill); the figure is optional
    }
    return new DrillResult(
        name,
        events,
        faults,
        comparison.differences(),
        comparison.figures(),
        Duration.ofNanos(System.nanoTime() - startNanos),
        null);
  }

  /**
   * Redis came back empty: the views are compared as documented for that case (balances whole after
   * the re-seed; boards and alert keys hold only right entries).
   */
  public void redisLostData() {
    this.redisLostData = true;
  }

  /** The event time of the newest event sent so far (epoch ms). */
  public long lastEventSentAt() {
    return traffic.stats().lastEventAt();
  }

  /** Whether the run's events reached {@code fraction} of the traffic. */
  public void awaitSent(double fraction) throws InterruptedException {
    traffic.awaitSent(fraction);
  }

  /** The newest retained checkpoint of each job, as found on disk. */
  public Optional<Path> latestRetainedCheckpoint(CroupierJob job) {
    return deployment.latestRetainedCheckpoint(job);
  }

  /** Stops the traffic and every process; never throws. */
  @Override
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {watch, traffic, cluster}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("{} did not close cleanly", c, e);
        }
      }
    }
  }
}

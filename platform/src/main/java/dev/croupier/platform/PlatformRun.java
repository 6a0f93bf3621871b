package dev.croupier.platform;

import dev.croupier.schemas.topics.TopicAdmin;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.SimulationStats;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the whole platform in this JVM: services, topics, the Flink MiniCluster with the three
 * jobs, the output feed and the simulator. The command line and the end-to-end test drive it alike:
 * {@link #start}, watch {@link #status()}, {@link #stopSimulation()}, {@link #catchUp}, then {@link
 * #shutDown()} for the summary. {@link #close()} stops everything, whatever the state.
 */
public final class PlatformRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformRun.class);
  static final String KEY_PREFIX = "croupier:";
  private static final int SLOTS_PER_JOB = 2;

  private final PlatformSettings settings;
  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private PlatformServices services;
  private LocalFlinkCluster flink;
  private PlatformJobs jobs;
  private List<JobLineup> lineup;
  private JobProgress progress;
  private OutputFeed outputs;
  private HourlyBoard board;
  private SimulationRun simulation;
  private Path workDir;
  private boolean temporaryWorkDir;
  private Map<String, CheckpointFigures> checkpoints = Map.of();
  private volatile boolean caughtUp;
  private volatile long trafficStartNanos;
  private volatile long drainedNanos;

  private PlatformRun(PlatformSettings settings) {
    this.settings = settings;
  }

  /** Starts everything and the traffic; on failure stops what had started and rethrows. */
  public static PlatformRun start(PlatformSettings settings, Consumer<String> progress)
      throws Exception {
    PlatformRun run = new PlatformRun(settings);
    try {
      run.startAll(progress);
      return run;
    } catch (Exception | Error e) {
      run.close();
      throw e;
    }
  }

  private void startAll(Consumer<String> say) throws Exception {
    workDir = settings.workDir();
    temporaryWorkDir = workDir == null;
    if (temporaryWorkDir) {
      workDir = Files.createTempDirectory("croupier-local-");
    }
    Path checkpointDir = Files.createDirectories(workDir.toAbsolutePath().resolve("checkpoints"));
    say.accept(
        "Checkpoints go to "
            + checkpointDir
            + (temporaryWorkDir ? " (removed at the end; keep them with --work-dir)" : ""));
    services = own(PlatformServices.start(settings, say));
    say.accept("Creating topics (" + settings.partitions() + " partitions each)...");
    TopicAdmin.createMissing(
        services.kafkaBootstrap(), Map.of(), Topics.ALL, settings.partitions());
    say.accept("Starting the Flink MiniCluster...");
    lineup = JobLineup.of(services, settings, checkpointDir);
    flink =
        own(
            LocalFlinkCluster.start(
                settings.webUiPort(), lineup.size() * SLOTS_PER_JOB, settings.parallelism()));
    jobs = own(new PlatformJobs(flink.miniCluster()));
    for (JobLineup job : lineup) {
      say.accept("Submitting the " + job.name() + " job...");
      jobs.submit(job.flinkJobName(), job.main(), job.args());
    }
    progress = own(new JobProgress(services.kafkaBootstrap(), lineup));
    outputs = own(new OutputFeed(services.kafkaBootstrap(), services.registryUrl()).start());
    board = own(new HourlyBoard(services.redisHost(), services.redisPort(), KEY_PREFIX));
    say.accept("Starting the simulator...");
    trafficStartNanos = System.nanoTime();
    simulation = own(new SimulationRun(settings, services).start());
  }

  private <T extends AutoCloseable> T own(T resource) {
    open.push(resource);
    return resource;
  }

  public PlatformSettings settings() {
    return settings;
  }

  public String kafkaBootstrap() {
    return services.kafkaBootstrap();
  }

  public String registryUrl() {
    return services.registryUrl();
  }

  public String redisHost() {
    return services.redisHost();
  }

  public int redisPort() {
    return services.redisPort();
  }

  public URI webUi() {
    return flink.webUi();
  }

  /** Where the run keeps its files: the jobs' checkpoints under {@code checkpoints/}. */
  public Path workDir() {
    return workDir;
  }

  /** Whether the simulator has sent its whole span (or was stopped). */
  public boolean simulationFinished() {
    return simulation.finished();
  }

  /** A look at everything, for the console. */
  PlatformStatus status() throws Exception {
    SimulationStats sim = simulation.stats();
    long now = sim.lastEventAt() > 0 ? sim.lastEventAt() : settings.eventTimeStart().toEpochMilli();
    return new PlatformStatus(
        System.nanoTime(),
        sim,
        progress.read(),
        outputs.snapshot(),
        HourlyBoard.key(KEY_PREFIX, "net_win", now),
        board.top("net_win", now, 5));
  }

  /** Stops the simulator (if still running) and returns what it sent. */
  public SimulationStats stopSimulation() throws InterruptedException {
    return simulation.stop();
  }

  /**
   * Waits until every job has committed all its input, moves the fraud job's event time past the
   * last events ({@link ClockTick}), and lets two more checkpoints commit what that released.
   * Returns false if {@code timeout} passed first.
   */
  public boolean catchUp(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!awaitNoLag(deadline)) {
      return false;
    }
    drainedNanos = System.nanoTime();
    SimulationStats sim = simulation.stats();
    if (sim.lastEventAt() > 0) {
      ClockTick.send(services.kafkaBootstrap(), services.registryUrl(), sim.lastEventAt());
      if (!awaitNoLag(deadline)) {
        return false;
      }
      // The other topics must go idle before the ticks move the watermark; then commit twice.
      Thread.sleep(JobLineup.FRAUD_IDLENESS.toMillis());
    }
    long checkpoints = jobs.minCompletedCheckpoints();
    while (jobs.minCompletedCheckpoints() < checkpoints + 2) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
    caughtUp = true;
    return true;
  }

  private boolean awaitNoLag(long deadline) throws Exception {
    while (System.nanoTime() < deadline) {
      List<String> ended = jobs.ended();
      if (!ended.isEmpty()) {
        throw new IllegalStateException("jobs ended: " + ended + " (see the log)");
      }
      if (progress.read().values().stream().allMatch(r -> r.lag() == 0)) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** Cancels the jobs, stops everything and sums up the run. */
  public RunSummary shutDown() throws Exception {
    SimulationStats sim = simulation.stop();
    Map<String, JobProgress.Reading> processed = progress.read();
    OutputFeed.Snapshot out = outputs.snapshot();
    checkpoints = jobs.checkpoints();
    long endNanos = drainedNanos > 0 ? drainedNanos : System.nanoTime();
    close();
    return RunSummary.of(
        sim,
        processed,
        out,
        DetectionScore.of(simulation.labels(), out.alerts()),
        OrganicRate.of(simulation.labels(), out.alerts(), simulation.players(), sim),
        Duration.ofNanos(endNanos - trafficStartNanos),
        caughtUp,
        checkpoints);
  }

  /** Stops whatever is running, newest first (simulator, feeds, jobs, Flink, services). */
  @Override
  public void close() {
    if (simulation != null) {
      try {
        simulation.stop();
      } catch (Exception e) {
        LOG.warn("Simulator did not stop cleanly", e);
      }
    }
    while (!open.isEmpty()) {
      AutoCloseable c = open.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("{} did not close cleanly", c, e);
      }
    }
    if (temporaryWorkDir && workDir != null) {
      deleteQuietly(workDir);
      workDir = null;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.warn("Could not remove the work directory {}", dir, e);
    }
  }
}

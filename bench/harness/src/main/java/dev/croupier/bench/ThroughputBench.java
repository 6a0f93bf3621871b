package dev.croupier.bench;

import dev.croupier.bench.report.Checkpoint;
import dev.croupier.bench.report.RedisCommands;
import dev.croupier.bench.report.Throughput;
import dev.croupier.bench.report.ThroughputCpu;
import dev.croupier.drills.cluster.DrillCluster;
import dev.croupier.drills.jobs.CroupierJob;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One throughput measurement on the cluster: submit one or more jobs, each with a consumer group of
 * its own that never committed (so it reads the whole backlog from the earliest offset), count the
 * records its sources emitted every {@link #COUNT_EVERY} (from the TaskManager's own reporter, see
 * {@link SourceCounts}) until they emitted the whole backlog, check that every group committed the
 * end of its topics (Flink commits on completed checkpoints), read the checkpoint figures, cancel.
 * Two rates come out: over the whole backlog, from the job running to the last record, and over its
 * middle ({@link MiddleOfBacklog}), which leaves the start-up and the drain out.
 */
final class ThroughputBench {
  private static final Logger LOG = LoggerFactory.getLogger(ThroughputBench.class);

  /** One job of a measurement: how to submit it and what it reads. */
  record Launch(
      String name,
      String entryClass,
      Path jar,
      List<String> args,
      String group,
      List<String> topics) {}

  /** How often the sources' records are counted. */
  static final Duration COUNT_EVERY = Duration.ofMillis(100);

  private static final Duration ENDED_CHECK = Duration.ofSeconds(1);
  private static final Duration REPORTER_SILENCE = Duration.ofSeconds(60);
  private static final Duration NO_RECORD_YET = Duration.ofSeconds(120);

  private final DrillCluster cluster;
  private final List<Integer> reporterPorts;
  private final Map<TopicPartition, Long> ends;
  private final Duration timeout;
  private final Consumer<String> say;
  private final CpuProbe cpu;
  private final RedisProbe redis;

  /** A snapshot of the CPU the run's processes used so far ({@link CpuUse#take}). */
  @FunctionalInterface
  interface CpuProbe {
    CpuUse.Snapshot take() throws IOException;
  }

  /** Redis's CPU and command counts so far ({@code INFO all}). */
  @FunctionalInterface
  interface RedisProbe {
    RedisCommandStats take();
  }

  /** The shortest window whose CPU is reported: /proc counts in 10 ms ticks. */
  private static final Duration CPU_WINDOW_MIN = Duration.ofSeconds(1);

  /** The TaskManagers' thread groups reported per row. */
  private static final int CPU_THREAD_GROUPS = 4;

  /**
   * {@code reporterPorts}: the ports of {@link SourceCounts#reporterEntries}; {@code cpu}: how to
   * read the processes' CPU, null where it cannot be read (the rows then have none); {@code redis}:
   * how to read Redis's command counts, null for none.
   */
  ThroughputBench(
      DrillCluster cluster,
      List<Integer> reporterPorts,
      Map<TopicPartition, Long> ends,
      Duration timeout,
      Consumer<String> say,
      CpuProbe cpu,
      RedisProbe redis) {
    this.cluster = cluster;
    this.reporterPorts = List.copyOf(reporterPorts);
    this.ends = ends;
    this.timeout = timeout;
    this.say = say;
    this.cpu = cpu;
    this.redis = redis;
  }

  /**
   * What a measured run left behind: the row, each job's checkpoint figures, and the CPU and the
   * Redis commands of the middle of the backlog (each null when it was read too fast to tell, or
   * cannot be read).
   */
  record Outcome(
      Throughput throughput,
      List<Checkpoint> checkpoints,
      ThroughputCpu cpu,
      RedisCommands redisCommands) {}

  /**
   * Runs {@code launches} side by side over the backlog; {@code players} maps a job name to its
   * active players (for state per player).
   */
  Outcome measure(
      String what, String backend, Double goal, List<Launch> launches, Map<String, Long> players)
      throws Exception {
    long expected = 0;
    for (Launch l : launches) {
      expected += GroupProgress.total(ends, l.topics());
    }
    say.accept(String.format("%s: %,d input records...", what, expected));
    List<Submitted> jobs = new ArrayList<>();
    boolean caughtUp = false;
    long read = 0;
    long start = 0;
    long end = 0;
    List<Checkpoint> checkpoints = new ArrayList<>();
    MiddleOfBacklog middle = new MiddleOfBacklog(expected);
    // The CPU between the counts that first pass 10 % and 90 % of the backlog: about the middle.
    CpuUse.Snapshot cpuFrom = null;
    CpuUse.Snapshot cpuTo = null;
    // Redis's commands over the same window, with the records emitted at either end.
    RedisCommandStats redisFrom = null;
    RedisCommandStats redisTo = null;
    long redisFromCount = 0;
    long redisToCount = 0;
    // Every job gets its id before it is submitted, so its records are counted from its start:
    // the flink CLIs of side-by-side jobs may return seconds apart, while the first already reads.
    Map<String, Set<String>> sources = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (Launch l : launches) {
      String id = Submitted.newJobId();
      ids.add(id);
      sources.put(
          id, l.topics().stream().map(SourceCounts::sourceName).collect(Collectors.toSet()));
    }
    SourceCounts counts = new SourceCounts(reporterPorts, sources);
    SideBySide side = new SideBySide(launches, ids);
    try (Admin admin = cluster.admin()) {
      long deadline = System.nanoTime() + timeout.toNanos();
      // Counted from the submission on, so that the middle of the backlog is timed however early
      // the sources start. The whole-backlog clock starts when a job runs every subtask (the
      // flink CLI's own JVM start is not the job's), or at the first record read if that is seen
      // first, and stops when the sources emitted every record.
      long submitted = System.nanoTime();
      long lastAnswer = submitted;
      long lastEndedCheck = 0;
      int seenAccepted = 0;
      List<String> acceptances = new ArrayList<>();
      int questions = 0;
      while (end == 0 && System.nanoTime() < deadline) {
        side.failFast();
        List<Submitted> accepted = side.accepted();
        long asked = System.nanoTime();
        OptionalLong emitted = counts.emitted();
        long answered = System.nanoTime();
        questions++;
        if (emitted.isPresent()) {
          long at = asked + (answered - asked) / 2;
          lastAnswer = answered;
          middle.add(at, emitted.getAsLong());
          // When each flink run returned, against the records already read: side-by-side jobs
          // start apart, and this says by how much.
          for (; seenAccepted < accepted.size(); seenAccepted++) {
            acceptances.add(
                String.format(
                    "%.1f s (%,d records read)", (at - submitted) / 1e9, emitted.getAsLong()));
          }
          if (cpu != null && cpuTo == null) {
            long count = emitted.getAsLong();
            if (cpuFrom == null && count >= expected * MiddleOfBacklog.FROM) {
              cpuFrom = cpuSnapshot();
            } else if (cpuFrom != null && count >= expected * MiddleOfBacklog.TO) {
              cpuTo = cpuSnapshot();
            }
          }
          if (redis != null && redisTo == null) {
            long count = emitted.getAsLong();
            if (redisFrom == null && count >= expected * MiddleOfBacklog.FROM) {
              redisFrom = redisSnapshot();
              redisFromCount = count;
            } else if (redisFrom != null && count >= expected * MiddleOfBacklog.TO) {
              redisTo = redisSnapshot();
              redisToCount = count;
            }
          }
          if (start == 0
              && (emitted.getAsLong() > 0
                  || accepted.stream().anyMatch(ThroughputBench::running))) {
            start = at;
          }
          if (emitted.getAsLong() >= expected) {
            end = at;
            break;
          }
          if (emitted.getAsLong() == 0 && answered - submitted > NO_RECORD_YET.toNanos()) {
            throw new IllegalStateException(
                "the metric reporter counted no record of the sources "
                    + sources
                    + " "
                    + NO_RECORD_YET.toSeconds()
                    + " s after the submission: are the sources named as SourceCounts expects?");
          }
        } else if (answered - lastAnswer > REPORTER_SILENCE.toNanos()) {
          String silence = counts.lastSilence();
          throw new IllegalStateException(
              "no count of the sources from the metric reporter's ports "
                  + reporterPorts
                  + " for "
                  + REPORTER_SILENCE.toSeconds()
                  + " s: "
                  + (silence == null
                      ? "no Flink process answered; is flink-metrics-prometheus on the cluster's"
                          + " classpath?"
                      : silence + "; is the machine overloaded (see the TaskManager's GC log)?"));
        }
        if (answered - lastEndedCheck > ENDED_CHECK.toNanos()) {
          // A job-detail request can make the JobManager copy every metric: asked once a second.
          lastEndedCheck = answered;
          if (anyEnded(accepted)) {
            break;
          }
        }
        long pause = COUNT_EVERY.toNanos() - (System.nanoTime() - asked);
        if (pause > 0) {
          Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
        }
      }
      side.join();
      side.failFast();
      jobs.addAll(side.accepted());
      if (launches.size() > 1) {
        say.accept(what + ": the flink runs were seen accepted after " + acceptances);
      }
      LOG.info("{}: the sources' counts asked {} times", what, questions);
      // Then Kafka's bookkeeping must agree: every group committed the end of its inputs.
      while (end != 0 && System.nanoTime() < deadline) {
        read = 0;
        for (Submitted s : jobs) {
          read += GroupProgress.committed(admin, s.group(), GroupProgress.of(ends, s.topics()));
        }
        if (read >= expected || anyEnded(jobs)) {
          caughtUp = read >= expected;
          break;
        }
        Thread.sleep(250);
      }
      if (!caughtUp) {
        LOG.warn("{}: not caught up; jobs: {}", what, jobs);
        // The row is refused; its wall time says how long it was given.
        start = start == 0 ? System.nanoTime() : start;
        end = System.nanoTime();
      }
      for (Submitted s : jobs) {
        try {
          checkpoints.add(
              CheckpointStats.read(
                  cluster.flink().webUi(),
                  s.jobId(),
                  s.name(),
                  backend,
                  players.getOrDefault(s.name(), 0L)));
        } catch (Exception e) {
          LOG.warn("No checkpoint figures for {}", s.name(), e);
        }
      }
    } finally {
      side.join();
      // By the ids given up front: a flink run that failed may still have left its job running.
      Submitted.cancelAllById(cluster, ids);
    }
    Throughput t =
        new Throughput(
            what,
            backend,
            expected,
            read,
            Duration.ofNanos(end - start),
            caughtUp,
            goal,
            caughtUp ? middle.rate().orElse(null) : null);
    ThroughputCpu cpuOfMiddle = null;
    if (caughtUp
        && cpuFrom != null
        && cpuTo != null
        && cpuTo.atNanos() - cpuFrom.atNanos() >= CPU_WINDOW_MIN.toNanos()) {
      cpuOfMiddle =
          new ThroughputCpu(
              what,
              (cpuTo.atNanos() - cpuFrom.atNanos()) / 1_000_000,
              CpuUse.between(cpuFrom, cpuTo, 0, CPU_THREAD_GROUPS));
    }
    say.accept(
        String.format(
            "%s: %s in %.1f s, %,.0f events/s (over the middle of the backlog: %s)",
            what,
            caughtUp ? "caught up" : "DID NOT catch up",
            t.wall().toMillis() / 1000.0,
            t.eventsPerSecond(),
            t.middle() == null
                ? "too short to time: " + middle.describe()
                : String.format("%,.0f events/s", t.middle().eventsPerSecond())));
    RedisCommands redisOfMiddle =
        caughtUp && redisFrom != null && redisTo != null
            ? RedisCommandStats.between(what, redisToCount - redisFromCount, redisFrom, redisTo)
            : null;
    return new Outcome(t, checkpoints, cpuOfMiddle, redisOfMiddle);
  }

  /**
   * Every launch's {@code flink run}, each in a thread of its own and under the id given to it; the
   * measurement counts while they run.
   */
  private final class SideBySide {
    private final List<Submitted> accepted = new CopyOnWriteArrayList<>();
    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    SideBySide(List<Launch> launches, List<String> ids) {
      for (int i = 0; i < launches.size(); i++) {
        Launch l = launches.get(i);
        String id = ids.get(i);
        Thread t =
            new Thread(
                () -> {
                  try {
                    accepted.add(
                        Submitted.submit(
                            cluster,
                            l.name(),
                            l.entryClass(),
                            l.jar(),
                            l.args(),
                            l.group(),
                            l.topics(),
                            id));
                  } catch (RuntimeException e) {
                    failures.add(e);
                  }
                },
                "flink-run-" + l.name());
        threads.add(t);
        t.start();
      }
    }

    /** The jobs accepted so far. */
    List<Submitted> accepted() {
      return List.copyOf(accepted);
    }

    /** Throws the first failed submission's error, if one failed. */
    void failFast() {
      if (!failures.isEmpty()) {
        throw failures.get(0);
      }
    }

    /** Waits for every {@code flink run} to return (each has its own time-out). */
    void join() throws InterruptedException {
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  /** Redis's command counts, or null (logged) if Redis did not answer this time. */
  private RedisCommandStats redisSnapshot() {
    try {
      return redis.take();
    } catch (RuntimeException e) {
      LOG.warn("No Redis command counts: {}", e.getMessage());
      return null;
    }
  }

  /** A CPU snapshot, or null (logged) if /proc could not be read this time. */
  private CpuUse.Snapshot cpuSnapshot() {
    try {
      return cpu.take();
    } catch (IOException e) {
      LOG.warn("No CPU snapshot: {}", e.getMessage());
      return null;
    }
  }

  private static boolean running(Submitted s) {
    try {
      return s.detail().allRunning();
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean anyEnded(List<Submitted> jobs) throws IOException {
    for (Submitted s : jobs) {
      if (s.ended()) {
        return true;
      }
    }
    return false;
  }

  /** The documented arguments of every submission: addresses, group, parallelism. */
  static List<String> commonArgs(DrillCluster cluster, String group, int parallelism) {
    List<String> args = new ArrayList<>();
    args.add("--kafka.bootstrap-servers=" + cluster.kafka().bootstrapServers());
    args.add("--registry.url=" + cluster.registryUrl());
    args.add("--redis.host=" + cluster.redis().host());
    args.add("--redis.port=" + cluster.redis().port());
    args.add("--kafka.group-id=" + group);
    args.add("--job.parallelism=" + parallelism);
    return args;
  }

  /** A Croupier job, as users submit it, under a group and transactional ids of this phase. */
  static Launch job(
      DrillCluster cluster,
      Path jar,
      CroupierJob job,
      String phase,
      int parallelism,
      List<String> extra) {
    String group = "bench-" + phase + "-" + job.id();
    List<String> args = commonArgs(cluster, group, parallelism);
    args.add("--" + job.id() + ".transactional-id-prefix=" + group);
    args.addAll(argsFor(job, extra));
    return new Launch(job.id(), job.entryClass(), jar, args, group, job.inputs());
  }

  /**
   * The arguments of {@code args} ({@code --KEY=VALUE}) that {@code job} takes: a key under another
   * job's name ({@code fraud.*} for the balance job) is left out, since every job refuses keys it
   * does not know; shared keys ({@code job.*}, {@code redis.*}, ...) go to every job, unless the
   * setting names its job ({@code --fraud:job.checkpoint-interval=60s}: the fraud job's alone).
   */
  static List<String> argsFor(CroupierJob job, List<String> args) {
    List<String> mine = new ArrayList<>();
    for (String a : args) {
      String key = a.substring(2, a.indexOf('=')); // jobArgs made every one --KEY=VALUE
      int colon = key.indexOf(':');
      String owner = key.substring(0, Math.max(0, colon > 0 ? colon : key.indexOf('.')));
      boolean named = isJob(owner);
      if (!named || owner.equals(job.id())) {
        mine.add(named && colon > 0 ? "--" + a.substring(2 + colon + 1) : a);
      }
    }
    return mine;
  }

  private static boolean isJob(String id) {
    for (CroupierJob j : CroupierJob.values()) {
      if (j.id().equals(id)) {
        return true;
      }
    }
    return false;
  }
}

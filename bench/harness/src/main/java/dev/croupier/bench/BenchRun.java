package dev.croupier.bench;

import dev.croupier.bench.ThroughputBench.Launch;
import dev.croupier.bench.ceiling.CeilingJar;
import dev.croupier.bench.ceiling.CeilingJob;
import dev.croupier.bench.report.BenchReport;
import dev.croupier.bench.report.Latency;
import dev.croupier.drills.cluster.DrillCluster;
import dev.croupier.drills.cluster.FlinkSettings;
import dev.croupier.drills.jobs.CroupierJob;
import dev.croupier.drills.process.ChildProcess;
import dev.croupier.drills.process.Waits;
import dev.croupier.drills.traffic.RecordMutator;
import dev.croupier.drills.traffic.Traffic;
import dev.croupier.drills.traffic.TrafficSettings;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.SimulatorSettings;
import dev.croupier.testkit.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * One benchmark run, start to report: a fresh cluster, the backlog written once, the ceilings, each
 * job alone and the three together over it, then the latency steps and the report. Everything it
 * started is stopped, by pid, on every path.
 */
final class BenchRun {
  private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);

  /** The jobs' documented default checkpoint interval (every measurement runs with it). */
  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  /** The early-alert track's age limit in the latency steps: any event of the run is fresh. */
  static final String EARLY_MAX_AGE = "3650d";

  static final String PREFIX = "croupier:";

  /** Rows every run must have. */
  static final String KEYED_ROCKSDB = "keyed no-op per player";

  static final String ALL_THREE = "all three jobs together";

  /** The system property naming the bench process's own GC log (set by bin/croupier-bench). */
  static final String BENCH_GC_LOG = "croupier.bench.gc-log";

  /** The bench process in the GC table: it stamps sends and effects, so it measures too. */
  static final String BENCH_PROCESS = "bench (the measuring process)";

  /** Thread groups of each TaskManager in the CPU table, busiest first. */
  static final int CPU_THREAD_GROUPS = 8;

  private final Path dir;
  private final Path jobsJar;
  private final BenchSize size;
  private final int parallelism;
  private final Set<BenchStep> steps;
  private final List<String> flinkJvm;
  private final Consumer<String> say;

  private boolean earlyAlerts = true;
  private List<String> jobSettings = List.of();
  private Map<String, String> clusterSettings = Map.of();
  private List<String> clusterJvmOptions = List.of();
  private List<Path> clusterLibs = List.of();

  /** The ports of the TaskManager's record counters: one per Flink process, and a spare. */
  private final List<Integer> reporterPorts = Arrays.stream(LoopbackPorts.free(3)).boxed().toList();

  BenchRun(
      Path dir,
      Path jobsJar,
      BenchSize size,
      int parallelism,
      Set<BenchStep> steps,
      List<String> flinkJvm,
      Consumer<String> say) {
    this.dir = dir;
    this.jobsJar = jobsJar;
    this.size = size;
    this.parallelism = parallelism;
    this.steps = steps.isEmpty() ? EnumSet.noneOf(BenchStep.class) : EnumSet.copyOf(steps);
    this.flinkJvm = List.copyOf(flinkJvm);
    this.say = say;
  }

  /**
   * Settings passed to every Croupier job the run submits ({@code KEY=VALUE}, a job's own keys),
   * for A/B runs of one setting; the report's settings row lists them.
   */
  BenchRun jobSettings(List<String> settings) {
    this.jobSettings = jobArgs(settings);
    return this;
  }

  /**
   * The state backend {@code job} runs on with {@code jobSettings} (a job's command-line
   * arguments): {@code fallback}, its default, unless a setting for it changes {@code
   * job.state-backend}, so that an A/B run's rows name the backend they ran on.
   */
  static String backendOf(CroupierJob job, String fallback, List<String> jobSettings) {
    String backend = fallback;
    for (String a : ThroughputBench.argsFor(job, jobSettings)) {
      if (a.startsWith(STATE_BACKEND_ARG)) {
        String v = a.substring(STATE_BACKEND_ARG.length());
        backend = v.equals("rocksdb") ? "RocksDB" : v.equals("hashmap") ? "heap" : v;
      }
    }
    return backend;
  }

  private static final String STATE_BACKEND_ARG = "--job.state-backend=";

  /** {@code KEY=VALUE} settings as a job's command-line arguments; refuses any other form. */
  static List<String> jobArgs(List<String> settings) {
    List<String> args = new ArrayList<>();
    for (String s : settings) {
      if (s.indexOf('=') <= 0 || s.startsWith("-")) {
        throw new IllegalArgumentException(
            "--job-setting takes KEY=VALUE (a job setting, e.g. job.buffer-timeout=50ms), was "
                + s);
      }
      args.add("--" + s);
    }
    return List.copyOf(args);
  }

  /**
   * Entries of the cluster's {@code config.yaml} ({@code KEY=VALUE}) and JVM options of its Flink
   * processes, for A/B runs of a cluster setting (unaligned checkpoints, a GC option); a job's own
   * setting of the same key wins, as on any cluster. The report's settings row lists them.
   */
  BenchRun cluster(List<String> settings, List<String> jvmOptions) {
    this.clusterSettings = clusterConfig(settings);
    for (String o : jvmOptions) {
      if (!o.startsWith("-")) {
        throw new IllegalArgumentException(
            "--flink-jvm-option takes a JVM option (e.g. -XX:MaxTenuringThreshold=2), was " + o);
      }
    }
    this.clusterJvmOptions = List.copyOf(jvmOptions);
    return this;
  }

  /**
   * Jars on the classpath of every Flink process, as in a stock cluster's {@code lib/}: for an A/B
   * of the job jar's classes loaded once per process instead of once per job. Refuses a jar that is
   * not there.
   */
  BenchRun libs(List<Path> jars) {
    for (Path j : jars) {
      if (!Files.isRegularFile(j)) {
        throw new IllegalArgumentException(
            "--flink-lib takes a jar file, was " + j + " (not a file)");
      }
    }
    this.clusterLibs = jars.stream().map(Path::toAbsolutePath).toList();
    return this;
  }

  /** {@code KEY=VALUE} settings as {@code config.yaml} entries; refuses any other form. */
  static Map<String, String> clusterConfig(List<String> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String s : settings) {
      int eq = s.indexOf('=');
      if (eq <= 0 || s.startsWith("-")) {
        throw new IllegalArgumentException(
            "--flink-setting takes KEY=VALUE (a Flink configuration entry, e.g."
                + " execution.checkpointing.unaligned.enabled=true), was "
                + s);
      }
      out.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
    }
    return Map.copyOf(out);
  }

  /** Whether the latency steps run the fraud job with its early-alert track (on by default). */
  BenchRun earlyAlerts(boolean on) {
    this.earlyAlerts = on;
    return this;
  }

  /** One TaskManager with a slot per subtask of the three jobs together, as the issue measured. */
  FlinkSettings flinkSettings() {
    FlinkSettings d = FlinkSettings.defaults();
    return new FlinkSettings(
            1,
            3 * parallelism,
            "4g",
            "1g",
            d.heartbeatInterval(),
            d.heartbeatTimeout(),
            clusterEntries(),
            List.of(),
            clusterLibs)
        .withExtraJvmOptions(Stream.concat(flinkJvm.stream(), clusterJvmOptions.stream()).toList());
  }

  private Map<String, String> clusterEntries() {
    Map<String, String> entries = new HashMap<>(clusterSettings);
    // Every checkpoint of the longest latency step (the live one), for the checkpoint phases.
    entries.put("web.checkpoints.history", "40");
    // The records the sources read, counted on the TaskManager itself (a port for each Flink
    // process, and a spare).
    entries.putAll(SourceCounts.reporterEntries(reporterPorts));
    return entries;
  }

  BenchReport run() throws Exception {
    BenchReport report = new BenchReport(Machine.cores());
    Path flinkLogs;
    try (Machine machine = new Machine();
        DrillCluster cluster = DrillCluster.start(dir.resolve("cluster"), flinkSettings(), say);
        // Reads Redis's CPU and command counts around each throughput row's middle (INFO all).
        RedisClient redisStats =
            RedisClient.builder()
                .hostAndPort(cluster.redis().host(), cluster.redis().port())
                .clientConfig(
                    redis.clients.jedis.DefaultJedisClientConfig.builder()
                        .socketTimeoutMillis(5_000)
                        .connectionTimeoutMillis(5_000)
                        .build())
                .build()) {
      flinkLogs = cluster.flink().logs();
      cluster.createTopics(parallelism);
      Map<TopicPartition, Long> ends = writeBacklog(cluster);
      List<String> inputs = Topics.INPUTS.stream().map(Topic::name).toList();
      long backlogEvents = GroupProgress.total(ends, inputs);
      say.accept("Counting the active players of the backlog (not timed)...");
      Map<String, Set<String>> perTopic =
          Backlog.playersPerTopic(cluster.kafka().bootstrapServers(), ends);
      Map<String, Long> players = new HashMap<>();
      for (CroupierJob job : CroupierJob.values()) {
        Set<String> union = new HashSet<>();
        job.inputs().forEach(t -> union.addAll(perTopic.getOrDefault(t, Set.of())));
        players.put(job.id(), (long) union.size());
      }
      Set<String> all = new HashSet<>();
      perTopic.values().forEach(all::addAll);
      players.put("ceiling", (long) all.size());

      environment(report, cluster, backlogEvents, all.size());
      requiredRows(steps).forEach(report::require);

      say.accept("Raw KafkaConsumer ceiling...");
      report.add(
          RawConsumerCeiling.run(cluster.kafka().bootstrapServers(), ends, size.catchUpTimeout()));

      Path ceilingJar = CeilingJar.write(jobsJar, dir.resolve("ceiling-jobs.jar"));
      ThroughputBench bench =
          new ThroughputBench(
              cluster,
              reporterPorts,
              ends,
              size.catchUpTimeout(),
              say,
              cpuProbe(cluster, report),
              () -> RedisCommandStats.parse(redisStats.info("all")));
      // A first Flink job over the backlog warms the TaskManager (class loading, JIT of Flink's
      // runtime): unmeasured, so that the pass-through ceiling is not the only cold measurement.
      bench.measure(
          "warm-up (not reported)",
          "–",
          null,
          List.of(ceiling(cluster, ceilingJar, "pass-through", "warm-up", inputs)),
          players);
      addRow(
          report,
          bench.measure(
              BenchReport.PASS_THROUGH,
              "–",
              null,
              List.of(ceiling(cluster, ceilingJar, "pass-through", "hashmap", inputs)),
              players));
      addRow(
          report,
          bench.measure(
              KEYED_ROCKSDB + " (RocksDB)",
              "RocksDB",
              null,
              List.of(ceiling(cluster, ceilingJar, "keyed-no-op", "rocksdb", inputs)),
              players));
      addRow(
          report,
          bench.measure(
              KEYED_ROCKSDB + " (heap)",
              "heap",
              null,
              List.of(ceiling(cluster, ceilingJar, "keyed-no-op", "hashmap", inputs)),
              players));

      record Alone(BenchStep step, CroupierJob job, String backend, double goal) {
        String what() {
          return step.row;
        }
      }
      for (Alone a :
          List.of(
              new Alone(BenchStep.BALANCES, CroupierJob.BALANCE, "RocksDB", 0.5),
              new Alone(BenchStep.LEADERBOARDS, CroupierJob.LEADERBOARD, "heap", 0.35),
              new Alone(BenchStep.FRAUD, CroupierJob.FRAUD, "heap", 0.35))) {
        if (!steps.contains(a.step())) {
          continue;
        }
        attempt(
            a.what(),
            () -> {
              flushRedis(cluster);
              var outcome =
                  bench.measure(
                      a.what(),
                      backendOf(a.job(), a.backend(), jobSettings),
                      a.goal(),
                      List.of(
                          ThroughputBench.job(
                              cluster, jobsJar, a.job(), "alone", parallelism, jobSettings)),
                      players);
              addRow(report, outcome);
              outcome.checkpoints().forEach(report::add);
            });
      }
      if (steps.contains(BenchStep.TOGETHER)) {
        attempt(
            ALL_THREE,
            () -> {
              flushRedis(cluster);
              List<Launch> trio = new ArrayList<>();
              for (CroupierJob job : CroupierJob.values()) {
                trio.add(
                    ThroughputBench.job(
                        cluster, jobsJar, job, "together", parallelism, jobSettings));
              }
              addRow(report, bench.measure(ALL_THREE, "as each job", 0.3, trio, players));
            });
      }
      // The ceiling again, from another consumer group: the faster reading is the one the ratios
      // use, and the report says how far apart the two were (a machine slowed by other guests or
      // a JIT still compiling reads a low ceiling, and a low ceiling flatters every job).
      addRow(
          report,
          bench.measure(
              BenchReport.PASS_THROUGH_AGAIN,
              "–",
              null,
              List.of(ceiling(cluster, ceilingJar, "pass-through", "again", inputs)),
              players));
      if (steps.contains(BenchStep.LATENCY)) {
        attempt(
            "latency",
            () -> {
              flushRedis(cluster);
              latency(cluster, report, size.players());
            });
      }
      report.environment("load average during the run", machine.loadSummary());
    }
    // Read once the cluster has stopped, so that faults at its shutdown count too.
    ClusterLogFaults logs = ClusterLogFaults.in(flinkLogs);
    report.clusterLogs(logs.logs(), logs.faults());
    return report;
  }

  /** The throughput rows a run with these steps must have: the ceilings, then each step's row. */
  static List<String> requiredRows(Set<BenchStep> steps) {
    List<String> rows =
        new ArrayList<>(
            List.of(
                RawConsumerCeiling.WHAT,
                BenchReport.PASS_THROUGH,
                KEYED_ROCKSDB + " (RocksDB)",
                KEYED_ROCKSDB + " (heap)"));
    for (BenchStep s : BenchStep.values()) {
      if (steps.contains(s) && s.row != null) {
        rows.add(s.row);
      }
    }
    rows.add(BenchReport.PASS_THROUGH_AGAIN);
    return rows;
  }

  private interface Measurement {
    void run() throws Exception;
  }

  /**
   * Runs one measurement; a failure is logged and said, and the run goes on (the missing row
   * refuses the report, the others are still shown).
   */
  private void attempt(String what, Measurement m) throws InterruptedException {
    try {
      m.run();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      LOG.error("{} failed", what, e);
      say.accept(what + " FAILED: " + e);
    }
  }

  private Launch ceiling(
      DrillCluster cluster, Path jar, String mode, String backend, List<String> topics) {
    String group = "bench-ceiling-" + mode + "-" + backend;
    List<String> args = ThroughputBench.commonArgs(cluster, group, parallelism);
    args.add("--bench.mode=" + mode);
    args.add("--job.state-backend=" + (backend.equals("rocksdb") ? "rocksdb" : "hashmap"));
    return new Launch("ceiling", CeilingJob.class.getName(), jar, args, group, topics);
  }

  private Map<TopicPartition, Long> writeBacklog(DrillCluster cluster) throws Exception {
    say.accept(
        String.format(
            "Sizing the backlog: %,d players, at least %,d events...",
            size.players(), size.minEvents()));
    TrafficSettings settings = Backlog.traffic(size.players(), size.minEvents());
    try (Traffic traffic =
        new Traffic(
            settings,
            cluster.kafka().bootstrapServers(),
            cluster.registryUrl(),
            dir.resolve("backlog"),
            RecordMutator.NONE)) {
      say.accept(
          String.format(
              "Writing the backlog once: %,d events (%,d players, event time %s for %s)...",
              traffic.expectedEvents(), settings.players(), settings.start(), settings.span()));
      long t0 = System.nanoTime();
      traffic.start();
      var stats = traffic.awaitFinished(Duration.ofHours(3));
      say.accept(String.format("Backlog written in %.0f s.", (System.nanoTime() - t0) / 1e9));
    }
    try (Admin admin = cluster.admin()) {
      return GroupProgress.ends(admin, Topics.INPUTS.stream().map(Topic::name).toList());
    }
  }

  private static void flushRedis(DrillCluster cluster) {
    // Each measurement starts from an empty Redis: the balance compare-and-set would otherwise
    // refuse every write of a second run over the same events as stale, and be faster for it.
    // Freeing millions of board and balance keys takes longer than a client's default time-out.
    try (RedisClient c =
        RedisClient.builder()
            .hostAndPort(cluster.redis().host(), cluster.redis().port())
            .clientConfig(
                redis.clients.jedis.DefaultJedisClientConfig.builder()
                    .socketTimeoutMillis(300_000)
                    .build())
            .build()) {
      c.flushAll();
    }
  }

  private void environment(BenchReport r, DrillCluster cluster, long events, long players) {
    r.environment(
            "cluster",
            "real cluster: Kafka (KRaft), Redis, the Apicurio registry, a Flink JobManager and 1"
                + " TaskManager, each a process of its own on this machine; jobs submitted with"
                + " flink run from the shaded jar (not a MiniCluster)")
        .environment(
            "hardware",
            Machine.cores() + " cores, " + Machine.memory() + " RAM, " + Machine.cpuModel())
        .environment(
            "versions",
            "Java "
                + System.getProperty("java.version")
                + ", Flink "
                + CheckpointStats.flinkVersion(cluster.flink().webUi())
                + ", Kafka "
                + AppInfoParser.getVersion())
        .environment(
            "settings",
            String.format(
                    Locale.ROOT,
                    "parallelism %d, %d partitions per topic, TaskManager %s with %d slots, checkpoints every %d s"
                        + " (exactly-once), state backends as each job's default (balances RocksDB,"
                        + " leaderboards and fraud heap), network buffer timeout as each job's default (5 ms; fraud 25 ms)",
                    parallelism,
                    parallelism,
                    flinkSettings().taskManagerMemory(),
                    flinkSettings().slotsPerTaskManager(),
                    CHECKPOINT_INTERVAL.toSeconds())
                + (jobSettings.isEmpty()
                    ? ""
                    : "; job settings changed for this run: " + String.join(" ", jobSettings))
                + (clusterSettings.isEmpty()
                    ? ""
                    : "; cluster settings changed for this run: "
                        + clusterSettings.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .sorted()
                            .collect(Collectors.joining(", ")))
                + (clusterJvmOptions.isEmpty()
                    ? ""
                    : "; JVM options of the Flink processes added for this run: "
                        + String.join(" ", clusterJvmOptions))
                + (clusterLibs.isEmpty()
                    ? ""
                    : "; jars on the Flink processes' classpath (as in lib/) for this run: "
                        + clusterLibs.stream()
                            .map(p -> p.getFileName().toString())
                            .collect(Collectors.joining(", "))))
        .environment(
            "backlog",
            String.format(
                Locale.ROOT,
                "%,d events on the 4 input topics from %,d active players (simulator mix: fraud rate"
                    + " %.2f, bad-record rate %.3f), written once before any measurement",
                events,
                players,
                Backlog.FRAUD_RATE,
                Backlog.BAD_RECORD_RATE))
        .environment(
            "size", size.name() + (flinkJvm.isEmpty() ? "" : ", Flink processes under JFR"))
        .environment("measurements", BenchStep.describe(steps))
        .note(
            "events/s = input records ÷ wall time from the moment every subtask of the job runs"
                + " (after `flink run`), or its first record read if that is counted first, until"
                + " its sources emitted every record of the backlog (the sources' numRecordsOut,"
                + " counted every 0.1 s from the TaskManager's Prometheus reporter); each row also"
                + " had to see its consumer group commit the end of every input (checked, not"
                + " timed). The raw consumer is timed from its first poll.")
        .note(
            "all three together: the sum of each job's input records (an event read by two jobs"
                + " counts twice) ÷ wall time from the first job's start until the last of them"
                + " caught up.");
  }

  private void latency(DrillCluster cluster, BenchReport report, int backlogPlayers)
      throws Exception {
    say.accept("Latency: starting the three jobs at the end of their inputs...");
    report.note(
        "latency: the fraud job's early-alert track is "
            + (earlyAlerts ? "on (fraud.early-alerts.max-age=" + EARLY_MAX_AGE + ")" : "off"));
    List<Submitted> jobs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    try (EffectWatch watch =
        new EffectWatch(
            cluster.redis().host(),
            cluster.redis().port(),
            PREFIX,
            cluster.kafka().bootstrapServers(),
            cluster.registryUrl())) {
      for (CroupierJob job : CroupierJob.values()) {
        List<String> extra = new ArrayList<>(List.of("--kafka.starting-offsets=latest"));
        extra.addAll(jobSettings);
        if (job == CroupierJob.FRAUD && !earlyAlerts) {
          extra.add("--fraud.early-alerts=false");
        } else if (job == CroupierJob.FRAUD) {
          // The latency traffic's event time is synthetic (a past day, running faster than the
          // clock): no event would be fresh by the default age limit of the early-alert track.
          extra.add("--fraud.early-alerts.max-age=" + EARLY_MAX_AGE);
        }
        Launch l = ThroughputBench.job(cluster, jobsJar, job, "latency", parallelism, extra);
        String id = Submitted.newJobId();
        ids.add(id); // before the submission: a flink run that fails may leave its job running
        jobs.add(
            Submitted.submit(
                cluster, l.name(), l.entryClass(), l.jar(), l.args(), l.group(), l.topics(), id));
      }
      Waits.until(
          "the latency jobs running",
          Duration.ofMinutes(5),
          Duration.ofMillis(250),
          () -> {
            for (Submitted s : jobs) {
              if (!s.detail().allRunning()) {
                return false;
              }
            }
            return true;
          });
      // Sources find their partitions' ends only once they run: give them a checkpoint's time.
      Thread.sleep(5_000);
      watch.start();
      warmUp(cluster, report, watch, backlogPlayers);
      int step = 0;
      for (int rate : size.latencyRates()) {
        step++;
        // Each step's event time lies after the previous step's, a day apart.
        say.accept(
            String.format(
                "Latency at %,d events/s for about %d s (%,d players)...",
                rate, size.latencyStep().toSeconds(), backlogPlayers));
        long target = Backlog.latencyEvents(rate, size.latencyStep());
        long stepStart = System.currentTimeMillis();
        CpuUse.Snapshot cpuStart = cpuAtStart(cluster, report);
        long[] sent =
            sendAtRate(
                cluster,
                watch,
                backlogPlayers,
                rate,
                TrafficSettings.START.plus(Duration.ofDays(30 + step)),
                Backlog.SEED + step,
                step,
                size.latencyStep());
        double achieved = sent[0] / (sent[1] / 1e9);
        double speed = sent[2] / (sent[1] / 1e6);
        report.note(
            String.format(
                Locale.ROOT,
                "latency at %,d/s: %,d events in %.0f s%s; event time ran %.1f × wall-clock speed,"
                    + " so event-time waits (the fraud job's %d s out-of-orderness bound) took"
                    + " 1/%.1f of their event-time length in wall time",
                rate,
                sent[0],
                sent[1] / 1e9,
                sent[0] < target
                    ? String.format(Locale.ROOT, " (the traffic ended before its %,d)", target)
                    : "",
                speed,
                5,
                speed));
        // Let effects of the last events arrive: event-time waits and a checkpoint or two.
        Thread.sleep(CHECKPOINT_INTERVAL.multipliedBy(2).plusSeconds(5).toMillis());
        noteRetractions(report, String.format(Locale.ROOT, "%,d/s", rate), watch);
        noteReadDelays(report, String.format(Locale.ROOT, "%,d/s", rate), watch, step);
        watch.writeSamples(step, dir.resolve("latency-samples-" + rate + ".csv"));
        addPhases(cluster, report, jobs, rate, stepStart);
        addGcPauses(cluster, report, rate, stepStart);
        addCpu(cluster, report, rate, cpuStart);
        Map<EffectWatch.Path, double[]> samples = watch.samples(step);
        for (EffectWatch.Path p : paths()) {
          report.add(Latency.of(p.label, rate, achieved, samples.get(p), goal(p, rate)));
        }
      }
      if (!size.liveStep().isZero()) {
        // The fast steps may leave the jobs behind; the live step measures them caught up.
        Duration behind = awaitCaughtUp(cluster, jobs, Duration.ofMinutes(5));
        report.note(
            String.format(
                Locale.ROOT,
                "latency live: started once every job had committed the end of its inputs (%.0f s"
                    + " after the last fast step's effects were counted%s)",
                behind.toMillis() / 1e3,
                behind.compareTo(Duration.ofMinutes(5)) >= 0 ? "; not all had: still behind" : ""));
        step++;
        // Event time at wall-clock speed, after every compressed step's: the fraud job's 5 s
        // out-of-orderness wait takes its full length here, as in production.
        // Twice the backlog's population: at wall-clock speed 200,000 players send ~50 events/s.
        SimulatorSettings s =
            Backlog.liveTraffic(
                2 * backlogPlayers, size.liveStep(), Instant.now(), Backlog.SEED + step);
        say.accept(
            String.format(
                "Latency at wall-clock event time for %d s (%,d players at their own rate)...",
                size.liveStep().toSeconds(), s.players()));
        long liveStart = System.currentTimeMillis();
        CpuUse.Snapshot cpuStart = cpuAtStart(cluster, report);
        long[] sent =
            TimedTraffic.send(
                s, cluster.kafka().bootstrapServers(), cluster.registryUrl(), step, watch, 0);
        double achieved = sent[0] / (sent[1] / 1e9);
        report.note(
            String.format(
                Locale.ROOT,
                "latency live: %,d events in %.0f s with event time at wall-clock speed (every"
                    + " session with a fraud scenario), so event-time waits take their full length",
                sent[0],
                sent[1] / 1e9));
        // Confirmations and retractions wait for the watermark: 5 s behind the newest event.
        Thread.sleep(CHECKPOINT_INTERVAL.multipliedBy(2).plusSeconds(5).toMillis());
        noteRetractions(report, "live", watch);
        noteReadDelays(report, "live", watch, step);
        watch.writeSamples(step, dir.resolve("latency-samples-live.csv"));
        addPhases(cluster, report, jobs, Latency.LIVE, liveStart);
        addGcPauses(cluster, report, Latency.LIVE, liveStart);
        addCpu(cluster, report, Latency.LIVE, cpuStart);
        Map<EffectWatch.Path, double[]> samples = watch.samples(step);
        for (EffectWatch.Path p : paths()) {
          report.add(Latency.of(p.label, Latency.LIVE, achieved, samples.get(p), null));
        }
      }
    } finally {
      Submitted.cancelAllById(cluster, ids);
    }
  }

  /**
   * The first step's rate for the warm-up's length before the steps, its effects not reported. The
   * latency jobs start just before the steps: each job's classes are its own, so the JIT compiles
   * their code anew, and their state, Redis scripts and Kafka transactions are all new. Without
   * this, the first step measured that start (a balance p50 of 1.4 s at 1,000/s, 71 ms live).
   */
  private void warmUp(
      DrillCluster cluster, BenchReport report, EffectWatch watch, int backlogPlayers)
      throws Exception {
    if (size.warmUp().isZero()) {
      report.note(
          "latency: no warm-up before the steps (--warm-up 0): the first step measured"
              + " the jobs' start");
      return;
    }
    // The first step's rate; 1,000/s before a live step alone.
    int rate = size.latencyRates().isEmpty() ? 1_000 : size.latencyRates().get(0);
    say.accept(
        String.format(
            "Latency: warming the jobs up at %,d events/s for %d s (not reported)...",
            rate, size.warmUp().toSeconds()));
    // Event time a day before the first step's, seeds apart from every step's and the backlog's.
    long[] sent =
        sendAtRate(
            cluster,
            watch,
            backlogPlayers,
            rate,
            TrafficSettings.START.plus(Duration.ofDays(30)),
            Backlog.SEED - 1,
            0,
            size.warmUp());
    Thread.sleep(CHECKPOINT_INTERVAL.multipliedBy(2).plusSeconds(5).toMillis());
    watch.retractionsSinceLastAsked();
    watch.writeSamples(0, dir.resolve("latency-samples-warm-up.csv"));
    report.note(
        String.format(
            Locale.ROOT,
            "latency: before the steps, a warm-up of %,d events at %,d/s in %.0f s, not reported"
                + " (the jobs start just before the steps, their code not yet compiled)",
            sent[0],
            rate,
            sent[1] / 1e9));
  }

  /**
   * Sends one fixed-rate step's traffic ({@link Backlog#latencyTraffic}) for {@code length};
   * returns what {@link TimedTraffic#send} does.
   */
  private long[] sendAtRate(
      DrillCluster cluster,
      EffectWatch watch,
      int players,
      int rate,
      Instant start,
      long seed,
      int step,
      Duration length) {
    return TimedTraffic.send(
        Backlog.latencyTraffic(players, rate, start, seed),
        cluster.kafka().bootstrapServers(),
        cluster.registryUrl(),
        step,
        watch,
        Backlog.latencyEvents(rate, length));
  }

  /**
   * Where the checkpoints each job triggered since {@code stepStart} spent their time, per task. A
   * REST answer that fails costs the table its rows, not the run its figures.
   */
  private void addPhases(
      DrillCluster cluster, BenchReport report, List<Submitted> jobs, int rate, long stepStart) {
    long now = System.currentTimeMillis();
    for (Submitted j : jobs) {
      try {
        CheckpointStats.phases(cluster.flink().webUi(), j.jobId(), j.name(), rate, stepStart, now)
            .forEach(report::add);
      } catch (IOException e) {
        report.note(j.name() + ": no checkpoint phases for a latency step: " + e.getMessage());
      }
    }
  }

  /**
   * The GC pauses of each TaskManager since {@code stepStart}, from its GC log. A log it cannot
   * read costs the table its row, not the run its figures.
   */
  private void addGcPauses(DrillCluster cluster, BenchReport report, int rate, long stepStart) {
    long now = System.currentTimeMillis();
    for (ChildProcess tm : cluster.flink().taskManagers()) {
      try {
        report.add(GcLog.during(cluster.flink().gcLog(tm.name()), tm.name(), rate, stepStart, now));
      } catch (IOException e) {
        report.note(tm.name() + ": no GC pauses for a latency step: " + e.getMessage());
      }
    }
    // The bench's own pauses, when bin/croupier-bench logs them: they delay its time stamps.
    String own = System.getProperty(BENCH_GC_LOG);
    if (own != null) {
      try {
        report.add(GcLog.during(Path.of(own), BENCH_PROCESS, rate, stepStart, now));
      } catch (IOException e) {
        report.note("the bench process: no GC pauses for a latency step: " + e.getMessage());
      }
    }
  }

  /** A throughput row and, when they were read, the CPU and the Redis commands of its middle. */
  private static void addRow(BenchReport report, ThroughputBench.Outcome outcome) {
    report.add(outcome.throughput());
    if (outcome.cpu() != null) {
      report.add(outcome.cpu());
    }
    if (outcome.redisCommands() != null) {
      report.add(outcome.redisCommands());
    }
  }

  /**
   * How the throughput rows read the CPU of the run's processes (the TaskManagers' by thread);
   * null, with a note saying why, where {@code /proc} cannot tell.
   */
  private static ThroughputBench.CpuProbe cpuProbe(DrillCluster cluster, BenchReport report) {
    CpuUse cpu = CpuUse.linux();
    if (!cpu.available()) {
      report.note("no CPU figures for the throughput rows: /proc cannot be read on this machine");
      return null;
    }
    Set<String> byThread =
        cluster.flink().taskManagers().stream().map(ChildProcess::name).collect(Collectors.toSet());
    return () -> cpu.take(processes(cluster), byThread);
  }

  /**
   * What CPU the run's processes had used at the start of a latency step; null, with a note saying
   * why, where {@code /proc} cannot tell (not Linux) or reading it failed.
   */
  private CpuUse.Snapshot cpuAtStart(DrillCluster cluster, BenchReport report) {
    CpuUse cpu = CpuUse.linux();
    if (!cpu.available()) {
      report.note("no CPU figures for a latency step: /proc cannot be read on this machine");
      return null;
    }
    try {
      Map<String, Long> processes = processes(cluster);
      Set<String> byThread =
          cluster.flink().taskManagers().stream()
              .map(ChildProcess::name)
              .collect(Collectors.toSet());
      return cpu.take(processes, byThread);
    } catch (IOException e) {
      report.note("no CPU figures for a latency step: " + e.getMessage());
      return null;
    }
  }

  /**
   * The CPU of the machine, each process and each TaskManager's busiest thread groups since {@code
   * start} ({@link #cpuAtStart}); none without a start (its note says why).
   */
  private void addCpu(DrillCluster cluster, BenchReport report, int rate, CpuUse.Snapshot start) {
    if (start == null) {
      return;
    }
    try {
      CpuUse.Snapshot end = CpuUse.linux().take(processes(cluster), start.threads().keySet());
      CpuUse.between(start, end, rate, CPU_THREAD_GROUPS).forEach(report::add);
    } catch (IOException e) {
      report.note("no CPU figures for a latency step: " + e.getMessage());
    }
  }

  /** The run's processes by name: each Flink process, Kafka, Redis, the registry, the bench. */
  private static Map<String, Long> processes(DrillCluster cluster) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (ChildProcess tm : cluster.flink().taskManagers()) {
      out.put(tm.name(), tm.pid());
    }
    out.put(cluster.flink().jobManager().name(), cluster.flink().jobManager().pid());
    out.put("kafka", cluster.kafka().process().pid());
    out.put("redis", cluster.redis().process().pid());
    out.put("registry", cluster.registryPid());
    out.put(BENCH_PROCESS, ProcessHandle.current().pid());
    return out;
  }

  /** How many early alerts the step took back, when the fraud job runs its early track. */
  private void noteRetractions(BenchReport report, String step, EffectWatch watch) {
    long retracted = watch.retractionsSinceLastAsked();
    if (earlyAlerts) {
      report.note(
          String.format(
              Locale.ROOT,
              "latency %s: %,d early alerts retracted (shown before the watermark, then not"
                  + " confirmed by it)",
              step,
              retracted));
    }
  }

  /**
   * How late the bench itself read the balance writes of {@code step}: part of every balance
   * figure, so a reader can tell the job's latency from the bench's.
   */
  private static void noteReadDelays(
      BenchReport report, String label, EffectWatch watch, int step) {
    Latency d = Latency.of("balance reads", 0, 0, watch.readDelays(step), null);
    report.note(
        String.format(
            Locale.ROOT,
            "latency %s: the bench read each balance hash p50 %.0f ms, p99 %.0f ms, at most %.0f ms"
                + " after its write's notification (%,d samples; its own delay, inside the balance"
                + " figures)",
            label,
            d.p50Ms(),
            d.p99Ms(),
            d.maxMs(),
            d.samples()));
  }

  /** The paths this run observes: without the early feed when the fraud job runs without it. */
  private List<EffectWatch.Path> paths() {
    return java.util.Arrays.stream(EffectWatch.Path.values())
        .filter(p -> earlyAlerts || p != EffectWatch.Path.ALERT_EARLY)
        .toList();
  }

  /**
   * Waits until every job's consumer group committed the end of its topics (at most {@code limit});
   * returns how long that took.
   */
  private static Duration awaitCaughtUp(DrillCluster cluster, List<Submitted> jobs, Duration limit)
      throws Exception {
    long start = System.nanoTime();
    try (Admin admin = cluster.admin()) {
      while (System.nanoTime() - start < limit.toNanos()) {
        boolean all = true;
        for (Submitted j : jobs) {
          Map<TopicPartition, Long> ends = GroupProgress.ends(admin, j.topics());
          if (GroupProgress.committed(admin, j.group(), ends)
              < GroupProgress.total(ends, j.topics())) {
            all = false;
            break;
          }
        }
        if (all) {
          break;
        }
        Thread.sleep(1_000);
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The p99 goals, at 5k events/s only. */
  static Double goal(EffectWatch.Path path, int rate) {
    if (rate != 5_000) {
      return null;
    }
    return switch (path) {
      case BALANCE -> 100.0;
      case BOARD -> 600.0;
      case ALERT_REDIS, ALERT_EARLY -> 500.0;
      case ALERT_COMMITTED -> CHECKPOINT_INTERVAL.toMillis() + 200.0;
    };
  }
}

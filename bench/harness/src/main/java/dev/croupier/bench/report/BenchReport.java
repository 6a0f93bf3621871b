package dev.croupier.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's result: where it ran, the throughput of the ceilings and the jobs over one
 * backlog, latency at fixed rates and checkpoint figures, rendered as Markdown. A run whose figures
 * cannot be trusted (a measurement missing, a job that never caught up or read another number of
 * records than the backlog holds, a latency path without samples) is refused: {@link #problems()}
 * names why, and the table says so at its top.
 */
public final class BenchReport {
  /**
   * The pass-through ceiling, measured before the jobs: every job's ratio is to the faster of this
   * row and {@link #PASS_THROUGH_AGAIN} of the same run.
   */
  public static final String PASS_THROUGH = "Flink pass-through (jobs' source + decoder → discard)";

  /**
   * The same pass-through, measured again after the jobs: a ceiling read while the machine was slow
   * (another guest's load, a JIT still compiling) would flatter every ratio, and could make a goal
   * look met; two readings at the run's two ends catch that, and say how far they were apart.
   */
  public static final String PASS_THROUGH_AGAIN = "Flink pass-through, again after the jobs";

  /**
   * Two readings of the pass-through further apart than this (the slower below this share of the
   * faster) are called out under the table: the machine's speed moved during the run.
   */
  static final double CEILING_SPREAD_WARNING = 0.8;

  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<Throughput> throughput = new ArrayList<>();
  private final List<Latency> latency = new ArrayList<>();
  private final List<Checkpoint> checkpoints = new ArrayList<>();
  private final List<CheckpointPhases> phases = new ArrayList<>();
  private final List<GcPauses> gcPauses = new ArrayList<>();
  private final List<CpuShare> cpu = new ArrayList<>();
  private final List<ThroughputCpu> throughputCpu = new ArrayList<>();
  private final List<RedisCommands> redisCommands = new ArrayList<>();
  private final List<String> required = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private List<String> clusterFaults = List.of();
  private boolean noClusterLog;
  private final int cores;

  /** Tasks shown per job and latency step in the checkpoint phases table. */
  static final int PHASE_ROWS = 3;

  public BenchReport(int cores) {
    this.cores = cores;
  }

  /** A line of the header (hardware, versions, settings). */
  public BenchReport environment(String key, String value) {
    environment.put(key, value);
    return this;
  }

  /** A throughput row the run must have (its absence refuses the run). */
  public BenchReport require(String what) {
    required.add(what);
    return this;
  }

  public BenchReport add(Throughput t) {
    throughput.add(t);
    return this;
  }

  public BenchReport add(Latency l) {
    latency.add(l);
    return this;
  }

  public BenchReport add(Checkpoint c) {
    checkpoints.add(c);
    return this;
  }

  public BenchReport add(CheckpointPhases p) {
    phases.add(p);
    return this;
  }

  public BenchReport add(GcPauses g) {
    gcPauses.add(g);
    return this;
  }

  public BenchReport add(CpuShare c) {
    cpu.add(c);
    return this;
  }

  public BenchReport add(ThroughputCpu c) {
    throughputCpu.add(c);
    return this;
  }

  public BenchReport add(RedisCommands r) {
    redisCommands.add(r);
    return this;
  }

  /**
   * What the cluster's JobManager and TaskManager logs held when the run ended: the logs read, and
   * the fault lines found in them (a class gone when a library thread needed it, a process out of
   * memory or quitting). A fault refuses the run; so does finding no log to read.
   */
  public BenchReport clusterLogs(List<String> logs, List<String> faults) {
    clusterFaults = List.copyOf(faults);
    noClusterLog = logs.isEmpty();
    environment(
        "cluster logs",
        logs.isEmpty()
            ? "none found"
            : String.join(", ", logs)
                + (faults.isEmpty()
                    ? ": no NoClassDefFoundError, OutOfMemoryError or fatal error"
                    : ": " + faults.size() + " fault lines (see the top of this report)"));
    return this;
  }

  public BenchReport note(String note) {
    notes.add(note);
    return this;
  }

  public List<Throughput> throughput() {
    return List.copyOf(throughput);
  }

  public List<Latency> latency() {
    return List.copyOf(latency);
  }

  public List<Checkpoint> checkpoints() {
    return List.copyOf(checkpoints);
  }

  public List<CheckpointPhases> phases() {
    return List.copyOf(phases);
  }

  public List<GcPauses> gcPauses() {
    return List.copyOf(gcPauses);
  }

  public List<CpuShare> cpu() {
    return List.copyOf(cpu);
  }

  public List<ThroughputCpu> throughputCpu() {
    return List.copyOf(throughputCpu);
  }

  public List<RedisCommands> redisCommands() {
    return List.copyOf(redisCommands);
  }

  /**
   * The pass-through ceiling of this run, if it was measured: the faster of its readings, over the
   * middle of the backlog when both were timed there, else over the whole backlog. A ceiling is
   * what the machine can do, so its best reading is the fair one, and the ratios to it never
   * flatter a job.
   */
  private Optional<Throughput> passThrough() {
    List<Throughput> readings = passThroughReadings();
    if (readings.size() < 2) {
      return readings.stream().findFirst();
    }
    double[] rates = rates(readings);
    return Optional.of(readings.get(rates[1] > rates[0] ? 1 : 0));
  }

  /**
   * The two readings' rates, comparable: over the middle of the backlog when both were timed there,
   * else over the whole backlog.
   */
  private static double[] rates(List<Throughput> readings) {
    boolean middles = bothTimedInTheMiddle(readings);
    return readings.stream()
        .mapToDouble(t -> middles ? t.middle().eventsPerSecond() : t.eventsPerSecond())
        .toArray();
  }

  private static boolean bothTimedInTheMiddle(List<Throughput> readings) {
    return readings.stream().allMatch(t -> t.middle() != null);
  }

  private List<Throughput> passThroughReadings() {
    return throughput.stream()
        .filter(t -> t.what().equals(PASS_THROUGH) || t.what().equals(PASS_THROUGH_AGAIN))
        .limit(2)
        .toList();
  }

  /**
   * The line under the throughput table on the two pass-through readings, or empty with fewer than
   * two: both rates, which one the ratios use, and a warning when they are far apart.
   */
  private String ceilingReadings() {
    List<Throughput> readings = passThroughReadings();
    if (readings.size() < 2) {
      return "";
    }
    double[] rates = rates(readings);
    double first = rates[0];
    double second = rates[1];
    double slower = Math.min(first, second);
    double faster = Math.max(first, second);
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%nThe pass-through was read twice, before and after the jobs: %,.0f and %,.0f"
                    + " events/s (%s). Every ratio is to the faster, so that a ceiling read while"
                    + " the machine was slow cannot flatter a job.",
                first,
                second,
                bothTimedInTheMiddle(readings) ? "middle 80 %" : "whole backlog"));
    if (slower < CEILING_SPREAD_WARNING * faster) {
      line.append(
          String.format(
              Locale.ROOT,
              " **The two readings differ by %.0f %%:** the machine's speed moved during the run,"
                  + " and every ratio is uncertain by as much.",
              100 * (1 - slower / faster)));
    }
    return line.append('\n').toString();
  }

  /**
   * {@code t}'s rate as a multiple of the pass-through ceiling's: over the middle of the backlog
   * when both were timed there (start-up and drain left out of both), else over the whole backlog;
   * 0 without a ceiling.
   */
  public double ratio(Throughput t) {
    Optional<Throughput> c = passThrough();
    if (c.isEmpty()) {
      return 0;
    }
    if (middleBased(t, c.get())) {
      return t.middle().eventsPerSecond() / c.get().middle().eventsPerSecond();
    }
    double whole = c.get().eventsPerSecond();
    return whole == 0 ? 0 : t.eventsPerSecond() / whole;
  }

  private static boolean middleBased(Throughput t, Throughput ceiling) {
    return t.middle() != null && ceiling.middle() != null && ceiling.middle().eventsPerSecond() > 0;
  }

  /** Why the run's figures cannot be trusted; empty for a good run. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    for (String r : required) {
      if (throughput.stream().noneMatch(t -> t.what().equals(r))) {
        out.add("missing measurement: " + r);
      }
    }
    for (Throughput t : throughput) {
      if (!t.caughtUp()) {
        out.add(t.what() + ": never caught up (lag did not reach 0)");
      }
      if (t.expectedRecords() <= 0) {
        out.add(t.what() + ": no input records");
      } else if (t.readRecords() != t.expectedRecords()) {
        out.add(
            t.what()
                + ": read "
                + t.readRecords()
                + " records, the backlog holds "
                + t.expectedRecords());
      }
      if (t.wall().isNegative() || t.wall().isZero()) {
        out.add(t.what() + ": no wall time");
      }
    }
    for (Latency l : latency) {
      if (l.samples() == 0) {
        out.add(l.path() + " at " + l.rateLabel() + ": no samples");
      } else if (l.p50Ms() <= 0 || l.maxMs() <= 0) {
        out.add(l.path() + " at " + l.rateLabel() + ": non-positive latency");
      }
    }
    for (Checkpoint c : checkpoints) {
      if (c.completed() == 0 || c.stateBytes() <= 0) {
        out.add(c.job() + ": no completed checkpoint with state");
      }
    }
    if (noClusterLog) {
      out.add("no JobManager or TaskManager log found to check for faults");
    }
    clusterFaults.forEach(f -> out.add("the cluster logged a fault: " + f));
    return out;
  }

  /** The whole report as Markdown. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      md.append("**REFUSED: this run's figures cannot be trusted.**\n\n");
      problems.forEach(p -> md.append("- ").append(p).append('\n'));
      md.append('\n');
    }
    md.append("| setting | value |\n| --- | --- |\n");
    environment.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    Optional<Throughput> ceiling = passThrough();
    md.append("\n### Throughput over the backlog\n\n");
    md.append(
        "| measurement | state backend | input records | wall time | events/s | events/s, middle"
            + " 80 % | events/s per core | × pass-through | goal | met |\n");
    md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
    boolean anyWhole = false;
    for (Throughput t : throughput) {
      double ratio = ratio(t);
      boolean middle = ceiling.isPresent() && middleBased(t, ceiling.get());
      anyWhole |= ceiling.isPresent() && !middle;
      double rate = middle ? t.middle().eventsPerSecond() : t.eventsPerSecond();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %.1f s | %,.0f | %s | %,.0f | %.2f%s | %s | %s |%n",
              t.what(),
              t.stateBackend(),
              t.readRecords(),
              t.wall().toMillis() / 1000.0,
              t.eventsPerSecond(),
              t.middle() == null
                  ? "–"
                  : String.format(Locale.ROOT, "%,.0f", t.middle().eventsPerSecond()),
              rate / cores,
              ratio,
              middle ? "" : " *",
              t.goalRatio() == null ? "–" : String.format(Locale.ROOT, "≥ %.2f ×", t.goalRatio()),
              t.goalRatio() == null ? "–" : met(ratio >= t.goalRatio(), ratio / t.goalRatio())));
    }
    md.append(
        "\nThe middle 80 % is the backlog from 10 % to 90 % of its records, timed by the sources'"
            + " counts every 100 ms: the start-up and the drain fall outside it. Per core and ×"
            + " pass-through compare these rates");
    md.append(
        anyWhole
            ? "; a ratio marked * compares whole-backlog rates (a backlog read too fast to time"
                + " its middle).\n"
            : ".\n");
    md.append(ceilingReadings());
    if (!throughputCpu.isEmpty()) {
      throughputCpuTable(md);
    }
    if (redisCommands.stream().anyMatch(r -> !r.commands().isEmpty())) {
      redisCommandsTable(md);
    }
    if (!latency.isEmpty()) {
      md.append("\n### Latency at fixed input rates (send → effect)\n\n");
      md.append(
          "| path | rate (target / achieved) | samples | p50 | p99 | max | goal p99 | met |\n");
      md.append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
      for (Latency l : latency) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s / %,.0f | %,d | %,.0f ms | %,.0f ms | %,.0f ms | %s | %s |%n",
                l.path(),
                l.targetRate() == Latency.LIVE
                    ? "live"
                    : String.format(Locale.ROOT, "%,d", l.targetRate()),
                l.achievedRate(),
                l.samples(),
                l.p50Ms(),
                l.p99Ms(),
                l.maxMs(),
                l.goalP99Ms() == null
                    ? "–"
                    : String.format(Locale.ROOT, "≤ %,.0f ms", l.goalP99Ms()),
                l.goalP99Ms() == null || l.samples() == 0
                    ? "–"
                    : met(l.p99Ms() <= l.goalP99Ms(), l.p99Ms() / l.goalP99Ms())));
      }
    }
    if (!checkpoints.isEmpty()) {
      md.append("\n### Checkpoints and state (each job alone, at the end of the backlog)\n\n");
      md.append(
          "| job | state backend | checkpoints | avg duration | max duration | state size"
              + " | last checkpointed | active players | state bytes per player |\n");
      md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (Checkpoint c : checkpoints) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %,d ms | %,d ms | %s | %s | %,d | %,.0f |%n",
                c.job(),
                c.stateBackend(),
                c.completed(),
                c.avgDurationMs(),
                c.maxDurationMs(),
                bytes(c.stateBytes()),
                bytes(c.checkpointedBytes()),
                c.activePlayers(),
                c.bytesPerPlayer()));
      }
    }
    if (!phases.isEmpty()) {
      phasesTable(md);
    }
    if (!gcPauses.isEmpty()) {
      gcTable(md);
    }
    if (!cpu.isEmpty()) {
      cpuTable(md);
    }
    if (!notes.isEmpty()) {
      md.append('\n');
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    return md.toString();
  }

  /**
   * Per latency step and job, the tasks whose checkpoints held their records back longest on
   * average ({@link CheckpointPhases#blockingAvgMs}), at most {@link #PHASE_ROWS} of each job.
   */
  private void phasesTable(StringBuilder md) {
    md.append(
        "\n### Checkpoint phases during the latency steps (average / maximum over the step's"
            + " checkpoints, each of the slowest subtask)\n\n");
    md.append(
        "| step | job | task | checkpoints | end to end | start delay | alignment | sync |"
            + " before the barrier and ack | async |\n");
    md.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    Map<String, List<CheckpointPhases>> byStepAndJob = new LinkedHashMap<>();
    for (CheckpointPhases p : phases) {
      byStepAndJob.computeIfAbsent(p.targetRate() + "/" + p.job(), k -> new ArrayList<>()).add(p);
    }
    for (List<CheckpointPhases> tasks : byStepAndJob.values()) {
      tasks.stream()
          .sorted(java.util.Comparator.comparingLong(CheckpointPhases::blockingAvgMs).reversed())
          .limit(PHASE_ROWS)
          .forEach(
              p ->
                  md.append(
                      String.format(
                          Locale.ROOT,
                          "| %s | %s | %s | %,d | %s | %s | %s | %s | %s | %s |%n",
                          step(p.targetRate()),
                          p.job(),
                          shortName(p.task()),
                          p.checkpoints(),
                          p.endToEnd(),
                          p.startDelay(),
                          p.alignment(),
                          p.sync(),
                          p.rest(),
                          p.async())));
    }
  }

  /**
   * Per latency step and TaskManager, its stop-the-world GC pauses from the step's start until its
   * effects were counted.
   */
  private void gcTable(StringBuilder md) {
    md.append(
        "\n### Garbage-collection pauses during the latency steps (each TaskManager and the bench, from the"
            + " step's start until its effects were counted)\n\n");
    md.append(
        "| step | process | window | pauses | paused in all | share of the window | median"
            + " | longest | longest kind |\n");
    md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (GcPauses g : gcPauses) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.0f s | %,d | %,d ms | %.1f %% | %,d ms | %,d ms | %s |%n",
              step(g.targetRate()),
              g.process(),
              g.windowMs() / 1e3,
              g.pauses(),
              g.totalMs(),
              100 * g.share(),
              g.p50Ms(),
              g.maxMs(),
              g.longestKind()));
    }
  }

  /** Per throughput row, the cores in use while its sources read the middle of the backlog. */
  private void throughputCpuTable(StringBuilder md) {
    md.append(
        "\n### CPU during the throughput rows (cores in use on average while the sources read from"
            + " 10 % to 90 % of the backlog; the machine's busy time includes what the hypervisor"
            + " stole for other guests)\n\n");
    md.append("| measurement | window | machine | processes | TaskManager's busiest threads |\n");
    md.append("| --- | ---: | ---: | --- | --- |\n");
    for (ThroughputCpu c : throughputCpu) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f s | %.2f of %s cores (%.2f stolen) | %s | %s |%n",
              c.what(),
              c.windowMs() / 1e3,
              c.machine().cores(),
              c.machine().what().replaceAll("\\D+", ""),
              c.stolenCores(),
              shares(c.processes()),
              shares(c.threadGroups())));
    }
  }

  /** Commands shown per row: the busiest, then how many more. */
  private static final int REDIS_COMMANDS_SHOWN = 6;

  /**
   * Per throughput row that wrote to Redis, what Redis did in its middle, per input event: its CPU,
   * and the calls and execution time of each command, busiest first.
   */
  private void redisCommandsTable(StringBuilder md) {
    md.append(
        "\n### Redis during the throughput rows (the same middle of the backlog, from `INFO`: Redis's"
            + " CPU per input event, and each command's calls per input event × execution time per"
            + " call, busiest first)\n\n");
    md.append("| measurement | input events | Redis CPU per event | by command |\n");
    md.append("| --- | ---: | ---: | --- |\n");
    for (RedisCommands r : redisCommands) {
      if (r.commands().isEmpty()) {
        continue; // a ceiling: nothing written
      }
      List<String> each = new ArrayList<>();
      for (RedisCommands.Command c : r.commands()) {
        if (each.size() == REDIS_COMMANDS_SHOWN) {
          each.add("and " + (r.commands().size() - REDIS_COMMANDS_SHOWN) + " more");
          break;
        }
        each.add(
            String.format(
                Locale.ROOT,
                "%s %.4f × %.2f µs",
                c.name(),
                c.callsPer(r.events()),
                c.microsPerCall()));
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %s | %s |%n",
              r.what(),
              r.events(),
              r.cpuMicros() < 0
                  ? "–"
                  : String.format(Locale.ROOT, "%.2f µs", r.cpuMicrosPerEvent()),
              String.join(", ", each)));
    }
    md.append(
        "\nA command's execution time leaves out reading its request and writing its reply, which"
            + " Redis's CPU includes. A script's calls and time include the commands it called"
            + " (`hmget`, `zadd`, `hset` inside `evalsha`), which Redis also counts under their own"
            + " names.\n");
  }

  /** {@code name cores} pairs, comma-separated; pipes would split the cell. */
  private static String shares(List<CpuShare> shares) {
    return String.join(
        ", ",
        shares.stream()
            .map(s -> String.format(Locale.ROOT, "%s %.2f", s.what().replace('|', '/'), s.cores()))
            .toList());
  }

  /**
   * Per latency step, the cores the machine, each process and the TaskManagers' busiest thread
   * groups used on average from the step's start until its effects were counted.
   */
  private void cpuTable(StringBuilder md) {
    md.append(
        "\n### CPU during the latency steps (cores in use on average, from the step's start until its"
            + " effects were counted)\n\n");
    md.append("| step | machine, process or thread group | threads | window | cores |\n");
    md.append("| --- | --- | ---: | ---: | ---: |\n");
    for (CpuShare c : cpu) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.0f s | %.2f |%n",
              step(c.targetRate()),
              c.what().replace('|', '/'),
              c.threads() == 0 ? "–" : String.format(Locale.ROOT, "%,d", c.threads()),
              c.windowMs() / 1e3,
              c.cores()));
    }
  }

  private static String step(int targetRate) {
    return targetRate == Latency.LIVE ? "live" : String.format(Locale.ROOT, "%,d/s", targetRate);
  }

  /** A chained task's name, cut to fit a table cell; pipes would split the cell. */
  static String shortName(String task) {
    String s = task.replace('|', '/');
    return s.length() <= 90 ? s : s.substring(0, 89) + "…";
  }

  private static String met(boolean met, double factor) {
    return met ? "yes" : String.format(Locale.ROOT, "no (%.2f × of goal)", factor);
  }

  static String bytes(long b) {
    if (b >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
    }
    if (b >= 1L << 10) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    return b + " B";
  }
}

package dev.croupier.bench;

import dev.croupier.bench.report.CpuShare;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CPU the run's processes used over a window, from Linux's {@code /proc}: each process's user
 * and system time ({@code /proc/<pid>/stat}), a TaskManager's per thread ({@code
 * /proc/<pid>/task/<tid>/stat}, grouped by name), and the machine's busy time ({@code /proc/stat}).
 * The kernel counts in ticks of 1/100 s (USER_HZ) and keeps the first 15 characters of a thread's
 * name, so a group is such a prefix without its trailing number ({@code OutputFlusher f}, {@code
 * Source Data Fet}). A thread that ended inside the window takes its last ticks with it; its
 * process's figure keeps them.
 */
final class CpuUse {
  static final double TICKS_PER_SECOND = 100.0;

  /** The row of the machine's busy time that the hypervisor took for other guests. */
  static final String STOLEN = "the machine, stolen by the hypervisor";

  private static final Pattern TRAILING_NUMBER = Pattern.compile("[#\\-\\s]?\\d+$");

  private final Path proc;

  CpuUse(Path proc) {
    this.proc = proc;
  }

  static CpuUse linux() {
    return new CpuUse(Path.of("/proc"));
  }

  /** Whether this machine has the files to read (Linux). */
  boolean available() {
    return Files.isReadable(proc.resolve("stat"));
  }

  /** One thread's ticks and the group its name falls in. */
  record ThreadTicks(String group, long ticks) {}

  /**
   * What the machine, the processes and the threads of some of them had used at one moment. A
   * process that is gone is missing from it.
   */
  record Snapshot(
      long atNanos,
      long machineBusyTicks,
      long machineStolenTicks,
      int machineCores,
      Map<String, Long> processes,
      Map<String, Map<Long, ThreadTicks>> threads) {}

  /**
   * Takes a snapshot of {@code processes} (name → pid), with the threads of those named in {@code
   * byThread}.
   */
  Snapshot take(Map<String, Long> processes, Set<String> byThread) throws IOException {
    long at = System.nanoTime();
    long[] machine = machine();
    Map<String, Long> ticks = new LinkedHashMap<>();
    Map<String, Map<Long, ThreadTicks>> threads = new LinkedHashMap<>();
    for (Map.Entry<String, Long> p : processes.entrySet()) {
      Path dir = proc.resolve(Long.toString(p.getValue()));
      try {
        ticks.put(p.getKey(), ticks(read(dir.resolve("stat"))));
        if (byThread.contains(p.getKey())) {
          threads.put(p.getKey(), threads(dir.resolve("task")));
        }
      } catch (IOException e) {
        // gone since: the rows leave it out
      }
    }
    return new Snapshot(at, machine[0], machine[2], (int) machine[1], ticks, threads);
  }

  /**
   * The cores each process used between {@code a} and {@code b}, the machine's first, each
   * process's after it, busiest first; then per thread-split process its {@code topGroups} busiest
   * thread groups.
   */
  static List<CpuShare> between(Snapshot a, Snapshot b, int targetRate, int topGroups) {
    long windowNanos = Math.max(1, b.atNanos() - a.atNanos());
    long windowMs = windowNanos / 1_000_000;
    double seconds = windowNanos / 1e9;
    List<CpuShare> out = new ArrayList<>();
    out.add(
        new CpuShare(
            targetRate,
            String.format("the machine (%d cores)", b.machineCores()),
            0,
            windowMs,
            cores(b.machineBusyTicks() - a.machineBusyTicks(), seconds)));
    // Part of the busy time: a virtual machine's cores taken by the hypervisor for other guests.
    // A run beside a noisy neighbour is slower for reasons of no process of the run.
    out.add(
        new CpuShare(
            targetRate,
            STOLEN,
            0,
            windowMs,
            cores(b.machineStolenTicks() - a.machineStolenTicks(), seconds)));
    List<CpuShare> processes = new ArrayList<>();
    for (Map.Entry<String, Long> p : b.processes().entrySet()) {
      Long before = a.processes().get(p.getKey());
      if (before != null) {
        processes.add(
            new CpuShare(
                targetRate, p.getKey(), 0, windowMs, cores(p.getValue() - before, seconds)));
      }
    }
    processes.sort(Comparator.comparingDouble(CpuShare::cores).reversed());
    out.addAll(processes);
    for (Map.Entry<String, Map<Long, ThreadTicks>> p : b.threads().entrySet()) {
      Map<Long, ThreadTicks> earlier = a.threads().getOrDefault(p.getKey(), Map.of());
      Map<String, long[]> groups = new HashMap<>();
      p.getValue()
          .forEach(
              (tid, t) -> {
                ThreadTicks was = earlier.get(tid);
                long[] g = groups.computeIfAbsent(t.group(), k -> new long[2]);
                g[0]++;
                g[1] += t.ticks() - (was == null ? 0 : was.ticks());
              });
      groups.entrySet().stream()
          .sorted(
              Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
          .limit(topGroups)
          .forEach(
              e ->
                  out.add(
                      new CpuShare(
                          targetRate,
                          p.getKey() + ": " + e.getKey(),
                          (int) e.getValue()[0],
                          windowMs,
                          cores(e.getValue()[1], seconds))));
    }
    return out;
  }

  /** The group of a thread name as {@code /proc} gives it: without its trailing number. */
  static String group(String name) {
    String g = TRAILING_NUMBER.matcher(name).replaceFirst("").strip();
    return g.isEmpty() ? name.strip() : g;
  }

  /** User plus system ticks of a {@code stat} line (fields 14 and 15, after the name). */
  static long ticks(String stat) {
    String[] f = afterName(stat);
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** The name in a {@code stat} line: between the first '(' and the last ')'. */
  static String name(String stat) {
    return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  }

  private static String[] afterName(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 1).strip().split("\\s+");
  }

  private Map<Long, ThreadTicks> threads(Path task) throws IOException {
    Map<Long, ThreadTicks> out = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(task)) {
      for (Path t : dirs) {
        try {
          String stat = read(t.resolve("stat"));
          out.put(
              Long.parseLong(t.getFileName().toString()),
              new ThreadTicks(group(name(stat)), ticks(stat)));
        } catch (IOException | RuntimeException e) {
          // a thread that ended while listed
        }
      }
    }
    return out;
  }

  /**
   * Busy ticks of all cores (all but idle and iowait, steal included), the number of cores, and the
   * ticks stolen by the hypervisor, from /proc/stat.
   */
  private long[] machine() throws IOException {
    long busy = 0;
    long stolen = 0;
    int cores = 0;
    for (String line : Files.readAllLines(proc.resolve("stat"), StandardCharsets.US_ASCII)) {
      if (line.startsWith("cpu ")) {
        String[] f = line.substring(4).strip().split("\\s+");
        for (int i = 0; i < Math.min(f.length, 8); i++) {
          if (i != 3 && i != 4) {
            busy += Long.parseLong(f[i]);
          }
        }
        if (f.length > 7) {
          stolen = Long.parseLong(f[7]);
        }
      } else if (line.startsWith("cpu")) {
        cores++;
      }
    }
    return new long[] {busy, cores, stolen};
  }

  private static double cores(long ticks, double seconds) {
    return ticks / TICKS_PER_SECOND / seconds;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.US_ASCII);
  }
}

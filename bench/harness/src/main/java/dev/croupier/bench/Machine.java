package dev.croupier.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine as {@code /proc} describes it (CPU model, cores, memory) and its load average,
 * sampled through the run: the machine may be shared, and the figures only mean something with the
 * load they were measured under.
 */
final class Machine implements AutoCloseable {
  private final List<Double> loads = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean running = true;

  Machine() {
    sampler =
        new Thread(
            () -> {
              while (running) {
                double l = loadAverage();
                synchronized (loads) {
                  loads.add(l);
                }
                try {
                  Thread.sleep(10_000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-load-average");
    sampler.setDaemon(true);
    sampler.start();
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  static String cpuModel() {
    return proc("/proc/cpuinfo", "model name");
  }

  static String memory() {
    String kb = proc("/proc/meminfo", "MemTotal").replace("kB", "").trim();
    try {
      return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
    } catch (NumberFormatException e) {
      return kb;
    }
  }

  private static String proc(String file, String field) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(field)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return "?";
  }

  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The 1-minute load average over the run: min / mean / max of the samples. */
  String loadSummary() {
    synchronized (loads) {
      if (loads.isEmpty()) {
        return "?";
      }
      double min = loads.stream().mapToDouble(d -> d).min().orElse(0);
      double max = loads.stream().mapToDouble(d -> d).max().orElse(0);
      double avg = loads.stream().mapToDouble(d -> d).average().orElse(0);
      return String.format(
          Locale.ROOT,
          "%.1f / %.1f / %.1f (min / mean / max of the 1-minute load, sampled every 10 s)",
          min,
          avg,
          max);
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}

package dev.croupier.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The faults a run's Flink processes logged that its figures cannot show: a class the job's loader
 * no longer had when a library thread needed it (a client closed after the job ended), a process
 * out of memory or metaspace, a process that quit. Each appeared on this bench's cluster once a job
 * or client outlived its class loader, and only the logs said so (the twentieth round of {@code
 * docs/BENCHMARKS.md}): a run that does not read them cannot fail on them.
 */
record ClusterLogFaults(List<String> logs, List<String> faults) {
  /** The JobManager's and TaskManagers' main logs, as the drill cluster names them. */
  private static final Pattern LOG = Pattern.compile("(job|task)manager-\\d+\\.log");

  /** What a fault line contains. */
  static final List<String> MARKERS =
      List.of("java.lang.NoClassDefFoundError", "OutOfMemoryError", "Fatal error occurred");

  /** Fault lines kept per log: enough to name the fault, not a whole stack of repeats. */
  static final int PER_LOG = 5;

  /** A fault line is cut to this many characters. */
  static final int LINE = 300;

  /** The faults in the main logs under {@code logDir}, in the order of the logs' names. */
  static ClusterLogFaults in(Path logDir) throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.list(logDir)) {
      files = all.filter(f -> LOG.matcher(f.getFileName().toString()).matches()).sorted().toList();
    }
    List<String> logs = new ArrayList<>();
    List<String> faults = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      logs.add(name);
      int kept = 0;
      // A log may hold bytes of another charset (a library's message): replace, never fail.
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  Files.newInputStream(f),
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .onMalformedInput(CodingErrorAction.REPLACE)
                      .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
        for (String line = r.readLine(); line != null && kept < PER_LOG; line = r.readLine()) {
          if (isFault(line)) {
            String s = line.strip();
            faults.add(name + ": " + (s.length() > LINE ? s.substring(0, LINE) + " …" : s));
            kept++;
          }
        }
      }
    }
    return new ClusterLogFaults(List.copyOf(logs), List.copyOf(faults));
  }

  static boolean isFault(String line) {
    for (String m : MARKERS) {
      if (line.contains(m)) {
        return true;
      }
    }
    return false;
  }
}

package dev.croupier.bench;

import dev.croupier.bench.report.GcPauses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the pauses of a HotSpot unified GC log written with {@code -Xlog:gc:file=…:time} (what the
 * drill cluster gives each Flink process): lines such as {@code [2026-12-04T16:13:40.437+0000]
 * GC(78) Pause Young (Normal) (G1 Evacuation Pause) 1011M->335M(1588M) 79.279ms}. Concurrent phases
 * ({@code Concurrent Mark Cycle}) run beside the application and are not pauses.
 */
final class GcLog {
  private static final Pattern PAUSE =
      Pattern.compile("^\\[([^\\]]+)\\].*GC\\(\\d+\\) (Pause .*?) (\\d+(?:\\.\\d+)?)ms$");
  private static final Pattern HEAP = Pattern.compile(" \\d+[KMG]->\\d+[KMG]\\(\\d+[KMG]\\)$");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  /** One pause: when it ended (epoch ms), its kind without the heap figures, its length. */
  record Pause(long atMs, String kind, double ms) {}

  private GcLog() {}

  /** The pauses in {@code lines}; other lines, and lines it cannot read, are skipped. */
  static List<Pause> pauses(List<String> lines) {
    List<Pause> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      long at;
      try {
        at = OffsetDateTime.parse(m.group(1), TIME).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        continue;
      }
      String kind = HEAP.matcher(m.group(2)).replaceFirst("");
      out.add(new Pause(at, kind, Double.parseDouble(m.group(3))));
    }
    return out;
  }

  /**
   * The pauses of {@code process}'s log that ended in {@code [fromMs, toMs]}, summed up for the
   * latency step of {@code targetRate}.
   */
  static GcPauses during(Path log, String process, int targetRate, long fromMs, long toMs)
      throws IOException {
    return summary(
        pauses(Files.readAllLines(log, StandardCharsets.UTF_8)), process, targetRate, fromMs, toMs);
  }

  static GcPauses summary(List<Pause> all, String process, int targetRate, long fromMs, long toMs) {
    List<Pause> in =
        all.stream()
            .filter(p -> p.atMs() >= fromMs && p.atMs() <= toMs)
            .sorted(Comparator.comparingDouble(Pause::ms))
            .toList();
    Pause median = in.isEmpty() ? null : in.get((in.size() - 1) / 2);
    Pause longest = in.isEmpty() ? null : in.get(in.size() - 1);
    return new GcPauses(
        process,
        targetRate,
        toMs - fromMs,
        in.size(),
        Math.round(in.stream().mapToDouble(Pause::ms).sum()),
        median == null ? 0 : Math.round(median.ms()),
        longest == null ? 0 : Math.round(longest.ms()),
        longest == null ? "–" : longest.kind());
  }
}

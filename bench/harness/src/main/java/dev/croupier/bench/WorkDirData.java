package dev.croupier.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bulky data a finished run leaves in its work directory: the backlog's copy of every event,
 * Kafka's logs, Flink's checkpoints and local state, Redis' data. A full run leaves about 4 GB, so
 * a few A/B runs fill a disk; the process logs, configurations and recordings stay.
 */
final class WorkDirData {
  /** Relative to the work directory; whatever is absent is skipped. */
  static final List<String> BULKY =
      List.of(
          "backlog",
          "cluster/kafka/data",
          "cluster/flink/checkpoints",
          "cluster/flink/savepoints",
          "cluster/flink/tmp",
          "cluster/redis/data-1",
          "cluster/redis/bin");

  private WorkDirData() {}

  /** Deletes {@link #BULKY} under {@code dir}; returns the bytes freed. */
  static long delete(Path dir) {
    long freed = 0;
    for (String relative : BULKY) {
      Path p = dir.resolve(relative);
      if (!Files.exists(p)) {
        continue;
      }
      try (Stream<Path> tree = Files.walk(p)) {
        for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
          if (Files.isRegularFile(each)) {
            freed += Files.size(each);
          }
          Files.delete(each);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete " + p, e);
      }
    }
    return freed;
  }
}

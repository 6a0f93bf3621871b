package dev.croupier.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The addresses of a running platform as a small JSON file, for notebooks and scripts that connect
 * to it ({@code --services-file}). Written once the jobs have caught up with the traffic,
 * atomically (a reader never sees half a file), and deleted when the services stop, so its presence
 * means "connect now". {@code pid} is the platform's JVM, for a script that must stop it.
 */
final class ServicesFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ServicesFile() {}

  /** The file's content for {@code run}; {@code caughtUp} says whether the outputs are complete. */
  static Map<String, Object> content(PlatformRun run, boolean caughtUp) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kafka.bootstrap-servers", run.kafkaBootstrap());
    m.put("registry.url", run.registryUrl());
    m.put("redis.host", run.redisHost());
    m.put("redis.port", run.redisPort());
    m.put("redis.key-prefix", PlatformRun.KEY_PREFIX);
    m.put("flink.web-ui", run.webUi().toString());
    m.put("event-time.start", run.settings().eventTimeStart().toString());
    m.put("event-time.span", run.settings().eventTimeSpan().toString());
    // For notebooks that replay the traffic (a rule's backtest): the simulator's own records
    if (run.settings().eventLog() != null) {
      m.put("event-log", run.settings().eventLog().toAbsolutePath().toString());
    }
    if (run.settings().groundTruth() != null) {
      m.put("ground-truth", run.settings().groundTruth().toAbsolutePath().toString());
    }
    m.put("caught-up", caughtUp);
    m.put("pid", ProcessHandle.current().pid());
    return m;
  }

  /** Writes {@code content} to {@code file} through a temporary file and an atomic rename. */
  static void write(Path file, Map<String, Object> content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), content);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}

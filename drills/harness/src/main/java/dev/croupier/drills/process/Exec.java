package dev.croupier.drills.process;

import dev.croupier.testkit.ParentWatchdog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived command (the flink CLI, Kafka's storage tool) to its end and returns its
 * output (stdout and stderr); killed by pid after its time-out, or by a watchdog if this JVM dies.
 */
public final class Exec {
  /** What a finished command printed and returned. */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private Exec() {}

  /**
   * Runs {@code command}; its output is also appended to {@code log}. Kills it (by pid) after
   * {@code timeout}.
   */
  public static Result run(
      List<String> command, Path dir, Path log, Map<String, String> env, Duration timeout) {
    try {
      Files.createDirectories(log.getParent());
      Path out = Files.createTempFile(log.getParent(), "exec-", ".out");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        Process p = builder.start();
        boolean ended;
        // Even a short-lived command dies with this JVM, should it be killed meanwhile.
        try (ParentWatchdog watchdog = ParentWatchdog.guard(p.toHandle())) {
          ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
          if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.writeString(
            log,
            "== " + String.join(" ", command) + "\n" + output + "\n",
            StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
        return new Result(
            ended ? p.exitValue() : -1,
            ended ? output : output + "\n(timed out after " + timeout + ")");
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}

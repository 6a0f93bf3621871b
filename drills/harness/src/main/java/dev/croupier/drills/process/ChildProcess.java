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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process the drills started: its command, pid and log file, guarded by a {@link
 * ParentWatchdog} so it dies with this JVM even after a {@code kill -9} of it. Stopped only by its
 * own pid: {@link #kill()} is a {@code kill -9}, {@link #stop(Duration)} a TERM with a grace
 * period.
 */
public final class ChildProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

  private final String name;
  private final Process process;
  private final ParentWatchdog watchdog;
  private final Path log;

  private ChildProcess(String name, Process process, ParentWatchdog watchdog, Path log) {
    this.name = name;
    this.process = process;
    this.watchdog = watchdog;
    this.log = log;
  }

  /** Starts {@code command} in {@code dir}, stdout and stderr appended to {@code log}. */
  public static ChildProcess start(
      String name, List<String> command, Path dir, Path log, Map<String, String> env) {
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(
          log,
          "== " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      Process process = startRetryingBusyText(builder);
      ParentWatchdog watchdog = ParentWatchdog.guard(process.toHandle());
      LOG.info("Started {} (pid {}, log {})", name, process.pid(), log);
      return new ChildProcess(name, process, watchdog, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
    }
  }

  /**
   * Starts {@code builder}, retrying briefly on ETXTBSY ("Text file busy"): a binary the cluster
   * just unpacked (redis-server) can still be open for writing in a process another thread forked
   * at that moment; the descriptor closes within milliseconds.
   */
  private static Process startRetryingBusyText(ProcessBuilder builder) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return builder.start();
      } catch (IOException e) {
        String message = String.valueOf(e.getMessage());
        if (attempt >= 20 || !message.contains("error=26")) {
          throw e;
        }
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, once it ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /** Waits for the process to end on its own; true if it did within {@code timeout}. */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** {@code kill -9}: no shutdown hook, no flush, as a crashed machine process. */
  public void kill() {
    if (!process.isAlive()) {
      return;
    }
    LOG.info("kill -9 {} (pid {})", name, process.pid());
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      watchdog.close();
    }
  }

  /** TERM, then KILL after {@code grace}: a clean shutdown where the process offers one. */
  public void stop(Duration grace) {
    try {
      if (process.isAlive()) {
        LOG.info("Stopping {} (pid {})", name, process.pid());
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("{} (pid {}) ignored TERM for {}; killing it", name, process.pid(), grace);
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      watchdog.close();
    }
  }

  /** Stops several processes at once: TERM to all, then each gets {@code grace} to end. */
  public static void stopAll(List<ChildProcess> processes, Duration grace) {
    for (ChildProcess p : processes) {
      if (p.process.isAlive()) {
        LOG.info("Stopping {} (pid {})", p.name, p.process.pid());
        p.process.destroy();
      }
    }
    for (ChildProcess p : processes) {
      p.stop(grace);
    }
  }

  /** The last {@code lines} lines of the log, for error messages. */
  public String tail(int lines) {
    return Logs.tail(log, lines);
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(20));
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}

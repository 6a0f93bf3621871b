package dev.croupier.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A tiny shell process that ends a child when this JVM dies. A shutdown hook cannot run after a
 * {@code kill -9} of the test JVM; this watchdog polls the parent's pid and then stops the child
 * (TERM, KILL after a grace period). It exits by itself as soon as the child is gone.
 */
public final class ParentWatchdog implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(5);
  private final Process process;

  private ParentWatchdog(Process process) {
    this.process = process;
  }

  /** Starts watching: {@code child} dies within about a second of this JVM's death. */
  public static ParentWatchdog guard(ProcessHandle child) {
    long parent = ProcessHandle.current().pid();
    long pid = child.pid();
    // stderr is discarded, so "kill -0" on a gone pid stays quiet.
    String script =
        "while kill -0 "
            + parent
            + " && kill -0 "
            + pid
            + "; do sleep 1; done; "
            + "kill -0 "
            + pid
            + " || exit 0; kill -TERM "
            + pid
            + "; "
            + "for i in $(seq "
            + GRACE.toSeconds()
            + "); do sleep 1; kill -0 "
            + pid
            + " || exit 0; done; "
            + "kill -KILL "
            + pid;
    try {
      Process watchdog =
          new ProcessBuilder("bash", "-c", script)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      return new ParentWatchdog(watchdog);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the watchdog shell (bash) for pid " + pid, e);
    }
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Stops watching (the child has been stopped by its owner); waits for the shell to end. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

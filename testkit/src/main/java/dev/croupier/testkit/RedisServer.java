package dev.croupier.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server (the redis-server binary bundled by embedded-redis) on 127.0.0.1 with a free
 * port, as a child process guarded by a {@link ParentWatchdog}, so it dies with the test JVM even
 * after a {@code kill -9}. Outage tests stop it ({@link #stop()}, {@link #kill()}) and {@link
 * #restart()} it on the same port.
 *
 * <p>{@link #start()} keeps nothing on disk. {@link #startPersistent()} gives it a data directory
 * and saves an RDB snapshot on a graceful {@link #stop()}, which the next start loads: a restart
 * that keeps the data. {@link #kill()} (SIGKILL) never saves, like a crash.
 */
public final class RedisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static File executable;

  private final int port;
  private final Path dataDir;
  private final boolean persistent;
  private final Path logFile;
  private Process process;
  private ParentWatchdog watchdog;
  private final Thread shutdownHook;
  private boolean closed;

  private RedisServer(int port, Path dataDir, boolean persistent) {
    this.port = port;
    this.dataDir = dataDir;
    this.persistent = persistent;
    this.logFile = dataDir.resolve("redis-" + port + ".log");
    this.shutdownHook = new Thread(this::close, "redis-server-" + port + "-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a server without persistence on a free loopback port. */
  public static RedisServer start() {
    return startOnFreePort(false);
  }

  /**
   * Starts a server on a free loopback port that saves its data set on {@link #stop()} and loads it
   * again on {@link #restart()}.
   */
  public static RedisServer startPersistent() {
    return startOnFreePort(true);
  }

  private static RedisServer startOnFreePort(boolean persistent) {
    Path dir;
    try {
      dir = Files.createTempDirectory("croupier-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a data directory for redis-server", e);
    }
    int port = LoopbackPorts.free(1)[0];
    RedisServer server = new RedisServer(port, dir, persistent);
    try {
      server.launch();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** Whether the server process is running (stopped or killed servers are not). */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** A new client for this server; callers close it. */
  public RedisClient newClient() {
    return RedisClient.builder().hostAndPort(host(), port).build();
  }

  /** Removes every key, so tests sharing the server start clean. */
  public void flushAll() {
    try (RedisClient c = newClient()) {
      c.flushAll();
    }
  }

  /**
   * Stops the server gracefully. A persistent server first saves its data set (SHUTDOWN SAVE),
   * which {@link #restart()} loads again; one without persistence loses everything.
   */
  public synchronized void stop() {
    if (!isRunning()) {
      return;
    }
    try (RedisClient c = newClient()) {
      c.sendCommand(redis.clients.jedis.Protocol.Command.SHUTDOWN, persistent ? "SAVE" : "NOSAVE");
    } catch (JedisException expected) {
      // SHUTDOWN closes the connection instead of answering.
    }
    awaitExit(Duration.ofSeconds(15));
  }

  /** Kills the server with SIGKILL, like a crash: nothing is saved. */
  public synchronized void kill() {
    if (!isRunning()) {
      return;
    }
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /**
   * Starts the server again on the same port (after {@link #stop()} or {@link #kill()}); a
   * persistent server loads the data set it saved. Returns once it answers PING.
   */
  public synchronized void restart() {
    if (isRunning()) {
      throw new IllegalStateException("redis-server on port " + port + " is still running");
    }
    launch();
  }

  private synchronized void launch() {
    List<String> command = new ArrayList<>();
    command.add(executable().getAbsolutePath());
    addOption(command, "port", Integer.toString(port));
    addOption(command, "bind", host());
    addOption(command, "protected-mode", "yes");
    addOption(command, "dir", dataDir.toString());
    addOption(command, "dbfilename", "dump.rdb");
    // No periodic snapshots: a persistent server saves on SHUTDOWN SAVE only, so what it keeps
    // is exactly what it held when stopped.
    addOption(command, "save", "");
    addOption(command, "appendonly", "no");
    addOption(command, "logfile", "");
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot launch redis-server on port " + port, e);
    }
    watchdog = ParentWatchdog.guard(process.toHandle());
    awaitPing(READY_TIMEOUT);
    LOG.info(
        "Redis ready on 127.0.0.1:{} (pid {}, {}, log {})",
        port,
        process.pid(),
        persistent ? "data in " + dataDir : "no persistence",
        logFile);
  }

  private static void addOption(List<String> command, String name, String value) {
    command.add("--" + name);
    command.add(value);
  }

  private static synchronized File executable() {
    if (executable == null) {
      try {
        executable = ExecutableProvider.newJarResourceProvider().get();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot extract the bundled redis-server binary", e);
      }
    }
    return executable;
  }

  ProcessHandle serverProcess() {
    return process.toHandle();
  }

  ProcessHandle watchdogProcess() {
    return watchdog.handle();
  }

  private void awaitPing(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        stopWatchdog();
        throw new IllegalStateException(
            "redis-server on port "
                + port
                + " exited with code "
                + process.exitValue()
                + "; see "
                + logFile);
      }
      try (RedisClient c = newClient()) {
        if ("PONG".equals(c.ping())) {
          return;
        }
      } catch (RuntimeException e) {
        last = e; // refused while starting, or LOADING while it reads its snapshot
      }
      sleep(50);
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING", last);
  }

  private void awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("redis-server on port {} did not stop within {}; killing it", port, timeout);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      stopWatchdog();
    }
  }

  private void stopWatchdog() {
    if (watchdog != null) {
      watchdog.close();
      watchdog = null;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server (without saving) and removes its data directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (process != null && process.isAlive()) {
      process.destroy(); // SIGTERM: Redis exits at once when it has no save points
      awaitExit(Duration.ofSeconds(10));
    }
    stopWatchdog();
    deleteQuietly(dataDir);
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is going down; the hook runs close() anyway and finds it done.
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("could not remove {}", dir, e);
    }
  }

  @Override
  public String toString() {
    return "RedisServer{127.0.0.1:" + port + (persistent ? ", persistent" : "") + "}";
  }
}

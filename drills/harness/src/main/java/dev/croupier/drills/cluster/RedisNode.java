package dev.croupier.drills.cluster;

import dev.croupier.drills.process.ChildProcess;
import dev.croupier.drills.process.Waits;
import dev.croupier.testkit.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.RedisClient;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis server as a process of its own: the redis-server binary bundled by embedded-redis (so a
 * fresh machine needs no install), on a loopback port that stays the same across restarts, with an
 * append-only file in a data directory so it can come back with its data, or empty.
 */
public final class RedisNode implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final int port;
  private final Path executable;
  private ChildProcess process;
  private Path dataDir;
  private int generation;

  private RedisNode(Path dir, int port, Path executable) {
    this.dir = dir;
    this.port = port;
    this.executable = executable;
  }

  /** Starts an empty server with its files under {@code dir}. */
  public static RedisNode start(Path dir) throws InterruptedException {
    try {
      Path bin = Files.createDirectories(dir.resolve("bin"));
      File exe = ExecutableProvider.newJarResourceProvider(bin.toFile()).get();
      if (!exe.canExecute() && !exe.setExecutable(true)) {
        throw new IllegalStateException("cannot make " + exe + " executable");
      }
      RedisNode node = new RedisNode(dir, LoopbackPorts.free(1)[0], exe.toPath());
      node.startEmpty();
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the bundled redis-server under " + dir, e);
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public ChildProcess process() {
    return process;
  }

  /** A new client; callers close it. */
  public RedisClient newClient() {
    return RedisClient.builder().hostAndPort(host(), port).build();
  }

  /** A clean stop (TERM): Redis flushes its append-only file and exits. */
  public void stop() {
    process.stop(Duration.ofSeconds(30));
  }

  /** {@code kill -9}: what the append-only file had not yet written is lost. */
  public void kill() {
    process.kill();
  }

  /** Starts again on the data it had when it stopped; returns once it answers. */
  public void restartWithData() throws InterruptedException {
    requireStopped();
    launch(dataDir);
  }

  /** Starts again with nothing (a Redis without persistence, or a new replica). */
  public void startEmpty() throws InterruptedException {
    requireStopped();
    generation++;
    try {
      dataDir = Files.createDirectories(dir.resolve("data-" + generation));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    launch(dataDir);
  }

  private void requireStopped() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("redis-server is still running: " + process);
    }
  }

  private void launch(Path data) throws InterruptedException {
    List<String> command =
        List.of(
            executable.toString(),
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--protected-mode",
            "yes",
            "--dir",
            data.toString(),
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--save",
            "",
            "--daemonize",
            "no");
    process = ChildProcess.start("redis", command, dir, dir.resolve("redis.log"), Map.of());
    Waits.until(
        "redis-server answering PING on port " + port,
        START_TIMEOUT,
        Duration.ofMillis(100),
        () -> {
          if (!process.isAlive()) {
            throw new Waits.Hopeless("redis-server exited:\n" + process.tail(20));
          }
          try (RedisClient c = newClient()) {
            return "PONG".equals(c.ping());
          }
        });
  }

  @Override
  public void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(10));
    }
  }
}

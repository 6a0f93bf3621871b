package dev.croupier.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * A real Redis server (the redis-server binary bundled by embedded-redis) on 127.0.0.1 with a free
 * port, no persistence. {@link #close()} stops the process.
 */
public final class RedisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);

  private final redis.embedded.RedisServer server;
  private final int port;

  private RedisServer(redis.embedded.RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts a server on a free loopback port. */
  public static RedisServer start() {
    int port = LoopbackPorts.free(1)[0];
    try {
      redis.embedded.RedisServer server =
          redis.embedded.RedisServer.newRedisServer()
              .bind("127.0.0.1")
              .port(port)
              .setting("save \"\"")
              .setting("appendonly no")
              .setting("protected-mode yes")
              .onShutdownForceStop(true)
              .build();
      server.start();
      RedisServer r = new RedisServer(server, port);
      r.awaitPing(Duration.ofSeconds(10));
      LOG.info("Redis ready on 127.0.0.1:{}", port);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start redis-server on port " + port, e);
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
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

  private void awaitPing(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try (RedisClient c = newClient()) {
        if ("PONG".equals(c.ping())) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      sleep(50);
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING", last);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (IOException e) {
      LOG.warn("redis-server on port {} did not stop cleanly", port, e);
    }
  }
}

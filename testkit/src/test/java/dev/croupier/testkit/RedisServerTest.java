package dev.croupier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The Redis fixture: restarts on its port with or without its data, and never outlives a JVM. */
class RedisServerTest {
  private static final Duration WATCHDOG_REACTION = Duration.ofSeconds(20);

  @Test
  void shouldKeepItsDataAcrossAGracefulRestartWhenPersistent() {
    try (RedisServer redis = RedisServer.startPersistent()) {
      // Given a key in a persistent server
      int port = redis.port();
      try (RedisClient c = redis.newClient()) {
        c.hset("testkit:balance:alice", "seq", "7");
      }

      // When it is stopped and started again
      redis.stop();
      assertThat(redis.isRunning()).isFalse();
      redis.restart();

      // Then it answers on the same port with the key it held
      assertThat(redis.port()).isEqualTo(port);
      try (RedisClient c = redis.newClient()) {
        assertThat(c.hget("testkit:balance:alice", "seq")).isEqualTo("7");
      }
    }
  }

  @Test
  void shouldComeBackEmptyAfterAKillOrWithoutPersistence() {
    try (RedisServer persistent = RedisServer.startPersistent();
        RedisServer plain = RedisServer.start()) {
      for (RedisServer redis : List.of(persistent, plain)) {
        // Given a key
        try (RedisClient c = redis.newClient()) {
          c.set("testkit:k", "v");
        }
      }

      // When the persistent one is killed (a crash saves nothing) and the plain one stopped
      persistent.kill();
      plain.stop();
      persistent.restart();
      plain.restart();

      // Then both come back empty
      for (RedisServer redis : List.of(persistent, plain)) {
        try (RedisClient c = redis.newClient()) {
          assertThat(c.exists("testkit:k")).as(redis.toString()).isFalse();
        }
      }
    }
  }

  @Test
  void shouldLeaveNoProcessWhenClosed() {
    // Given a started server and its watchdog
    RedisServer redis = RedisServer.start();
    ProcessHandle server = redis.serverProcess();
    ProcessHandle watchdog = redis.watchdogProcess();
    assertThat(server.isAlive()).isTrue();
    assertThat(watchdog.isAlive()).isTrue();

    // When it is closed
    redis.close();

    // Then neither is left, and closing again is harmless
    assertThat(server.isAlive()).isFalse();
    assertThat(watchdog.isAlive()).isFalse();
    redis.close();
  }

  @Test
  void shouldDieWithAJvmKilledWithSigkill() throws Exception {
    // Given a JVM that started a Redis server
    Process parent = startParentJvm();
    long serverPid;
    long watchdogPid;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      while (line != null && !line.startsWith("READY ")) {
        line = out.readLine(); // the child's own log lines
      }
      assertThat(line).as("the child JVM's READY line").isNotNull();
      String[] pids = line.split(" ");
      serverPid = Long.parseLong(pids[1]);
      watchdogPid = Long.parseLong(pids[2]);
      assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive)).contains(true);

      // When that JVM is killed with SIGKILL: no shutdown hook runs
      parent.destroyForcibly();
      assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    // Then the watchdog stops redis-server, and then itself
    assertThat(awaitGone(serverPid)).as("redis-server pid %d gone", serverPid).isTrue();
    assertThat(awaitGone(watchdogPid)).as("watchdog pid %d gone", watchdogPid).isTrue();
  }

  private static Process startParentJvm() throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            List.of(java.toString(), "-Xmx64m", "-cp", classpath, RedisInChildJvm.class.getName()))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static boolean awaitGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + WATCHDOG_REACTION.toNanos();
    while (System.nanoTime() < deadline) {
      if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}

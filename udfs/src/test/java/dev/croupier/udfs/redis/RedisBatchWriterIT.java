package dev.croupier.udfs.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.testkit.RedisServer;
import dev.croupier.udfs.config.RedisSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * The batch writer against a real redis-server that is killed, restarted, paused, made busy or
 * read-only while it writes: it never stalls, never loses or repeats a write, always gives its
 * connections back, and fails fast only when retrying cannot help.
 */
class RedisBatchWriterIT {
  private static final Duration NO_STALL = Duration.ofSeconds(90);
  private static RedisServer redis;
  private final ExecutorService chaos = Executors.newSingleThreadExecutor();
  private final Counts counts = new Counts();

  /** Writes {@code key → seq} with a Lua compare-and-set on seq, like the balance hashes. */
  static final class SeqWrites implements RedisWrites<long[]> {
    static final String SCRIPT =
        "local s = redis.call('HGET', KEYS[1], 'seq')\n"
            + "if s and tonumber(s) >= tonumber(ARGV[1]) then return 0 end\n"
            + "redis.call('HSET', KEYS[1], 'seq', ARGV[1])\n"
            + "return 1";
    private transient String sha;

    @Override
    public void open(RedisClient client) {
      sha = client.scriptLoad(SCRIPT);
    }

    @Override
    public String viewName() {
      return "seq-test";
    }

    @Override
    public void write(AbstractPipeline pipeline, long[] r) {
      pipeline.evalsha(sha, List.of("it:seq:" + r[0]), List.of(Long.toString(r[1])));
    }
  }

  static final class Counts implements RedisBatchWriter.Listener {
    final AtomicInteger retries = new AtomicInteger();
    final AtomicInteger outages = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    final AtomicInteger dataLoss = new AtomicInteger();
    final List<RedisErrors.Kind> kinds = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void retried(RedisErrors.Kind kind) {
      retries.incrementAndGet();
      kinds.add(kind);
    }

    @Override
    public void outageStarted() {
      outages.incrementAndGet();
    }

    @Override
    public void outageEnded(long blockedNanos) {
      ended.incrementAndGet();
    }

    @Override
    public void dataLossDetected() {
      dataLoss.incrementAndGet();
    }
  }

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.startPersistent();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void clean() {
    if (!redis.isRunning()) {
      redis.restart();
    }
    try (RedisClient c = redis.newClient()) {
      c.sendCommand(Protocol.Command.REPLICAOF, "NO", "ONE");
      c.flushAll();
      c.sendCommand(
          Protocol.Command
              .SAVE); // a snapshot of nothing: what a stop-and-restart of an earlier test saved is
      // gone
    }
  }

  @AfterEach
  void stopChaos() throws Exception {
    chaos.shutdownNow();
    chaos.awaitTermination(30, TimeUnit.SECONDS);
  }

  private RedisSettings settings(Duration tolerance) {
    return RedisSettings.local(redis.host(), redis.port(), "it:")
        .withTimeout(Duration.ofMillis(300))
        .withRetry(tolerance, Duration.ofMillis(20), Duration.ofMillis(500));
  }

  private static List<long[]> batch(int round, int keys) {
    List<long[]> b = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      b.add(new long[] {k, round});
    }
    return b;
  }

  private static long seqOf(RedisClient c, int key) {
    String s = c.hget("it:seq:" + key, "seq");
    return s == null ? -1 : Long.parseLong(s);
  }

  @Test
  void shouldWriteEveryBatchThroughKilledConnectionsAndAPausePastTheTimeOut() throws Exception {
    try (RedisBatchWriter<long[]> writer =
        new RedisBatchWriter<>(settings(Duration.ofMinutes(1)), new SeqWrites(), counts)) {
      // Given a chaos thread that kills every client connection 20 times, then pauses Redis for
      // 2 s, well past the 300 ms time-out, and a writer writing 300 rounds of 50 keys
      CompletableFuture<Void> done = new CompletableFuture<>();
      Future<?> faults =
          chaos.submit(
              () -> {
                try (RedisClient admin = redis.newClient()) {
                  for (int i = 0; i < 20; i++) {
                    admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal");
                    Thread.sleep(40);
                  }
                  admin.sendCommand(Protocol.Command.CLIENT, "PAUSE", "2000", "ALL");
                  Thread.sleep(2_500);
                  for (int i = 0; i < 5 && !done.isDone(); i++) {
                    admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal");
                    Thread.sleep(100);
                  }
                }
                return null;
              });

      // When it writes, round after round, until the faults are over
      java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();
      java.util.concurrent.atomic.AtomicLong slowestMs =
          new java.util.concurrent.atomic.AtomicLong();
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int round = 1; round <= 300 || !faults.isDone(); round++) {
                    long start = System.nanoTime();
                    writer.write(batch(round, 50));
                    slowestMs.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                    rounds.set(round);
                    Thread.sleep(5);
                  }
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      faults.get(NO_STALL.toSeconds(), TimeUnit.SECONDS);
      done.complete(null);
      writing.get(NO_STALL.toSeconds(), TimeUnit.SECONDS);

      // Then no write was lost or stepped back, the faults really hit it, and every connection
      // went back to the pool
      try (RedisClient c = redis.newClient()) {
        for (int k = 0; k < 50; k++) {
          assertThat(seqOf(c, k)).as("key %d", k).isEqualTo(rounds.get());
        }
      }
      assertThat(counts.outages.get()).as("outages from the kills").isGreaterThanOrEqualTo(2);
      assertThat(counts.retries.get()).isGreaterThanOrEqualTo(counts.outages.get());
      assertThat(slowestMs.get()).as("a write blocked through the pause").isGreaterThan(1_000);
      assertThat(counts.ended.get()).isEqualTo(counts.outages.get());
      assertThat(counts.dataLoss.get()).isZero();
      assertThat(writer.activeConnections()).isZero();
    }
  }

  @Test
  void shouldWaitForAServerRestartedWithItsDataAndReloadItsScripts() throws Exception {
    try (RedisBatchWriter<long[]> writer =
        new RedisBatchWriter<>(settings(Duration.ofMinutes(1)), new SeqWrites(), counts)) {
      // Given a first batch written, and the server stopped (saving its data set)
      writer.write(batch(1, 20));
      redis.stop();
      Future<?> restart =
          chaos.submit(
              () -> {
                Thread.sleep(1_500);
                redis.restart();
                return null;
              });

      // When the next batch is written while the server is down
      writer.write(batch(2, 20));
      restart.get(30, TimeUnit.SECONDS);

      // Then it waited, reloaded its scripts (a new server has none), and saw no data loss
      try (RedisClient c = redis.newClient()) {
        assertThat(seqOf(c, 19)).isEqualTo(2);
      }
      assertThat(counts.outages.get()).isEqualTo(1);
      assertThat(counts.kinds).contains(RedisErrors.Kind.TRANSIENT);
      assertThat(counts.kinds).contains(RedisErrors.Kind.SCRIPT_MISSING);
      assertThat(counts.dataLoss.get()).isZero();
      assertThat(writer.activeConnections()).isZero();
    }
  }

  @Test
  void shouldNoticeAServerThatCameBackEmpty() throws Exception {
    try (RedisBatchWriter<long[]> writer =
        new RedisBatchWriter<>(settings(Duration.ofMinutes(1)), new SeqWrites(), counts)) {
      // Given a batch written, When Redis crashes (nothing saved) and comes back empty
      writer.write(batch(1, 20));
      redis.kill();
      redis.restart();
      writer.write(batch(2, 5));

      // Then the writer noticed its marker was gone, once, and set it again
      assertThat(counts.dataLoss.get()).isEqualTo(1);
      try (RedisClient c = redis.newClient()) {
        assertThat(c.exists("it:meta:writer:seq-test")).isTrue();
        assertThat(seqOf(c, 4)).isEqualTo(2);
        assertThat(seqOf(c, 19)).as("lost with the crash").isEqualTo(-1);
      }
      writer.write(batch(3, 5));
      assertThat(counts.dataLoss.get()).isEqualTo(1);
    }
  }

  @Test
  void shouldRetryABusyServerAndAReadOnlyReplicaUntilTheyTakeWritesAgain() throws Exception {
    try (RedisServer master = RedisServer.start();
        RedisClient admin = redis.newClient();
        RedisBatchWriter<long[]> writer =
            new RedisBatchWriter<>(settings(Duration.ofMinutes(1)), new SeqWrites(), counts)) {
      // Given a script hogging the server for 1.5 s (BUSY after lua-time-limit)
      admin.configSet("lua-time-limit", "50");
      Future<?> busy =
          chaos.submit(
              () -> {
                try (RedisClient hog = redis.newClient()) {
                  hog.eval(
                      "local t = redis.call('TIME') local start = t[1] * 1000000 + t[2] "
                          + "while true do local n = redis.call('TIME') "
                          + "if n[1] * 1000000 + n[2] - start > 1500000 then break end end "
                          + "return 1");
                }
                return null;
              });
      Thread.sleep(300);
      // When a batch is written, Then it is retried until the script ends
      writer.write(batch(1, 10));
      busy.get(30, TimeUnit.SECONDS);
      int afterBusy = counts.retries.get();
      assertThat(afterBusy).as("retries while BUSY").isGreaterThanOrEqualTo(1);

      // Given the server turned into a read-only replica for 1 s (a fail-over in progress)
      admin.sendCommand(Protocol.Command.REPLICAOF, master.host(), Integer.toString(master.port()));
      Future<?> promote =
          chaos.submit(
              () -> {
                Thread.sleep(1_000);
                try (RedisClient c = redis.newClient()) {
                  c.sendCommand(Protocol.Command.REPLICAOF, "NO", "ONE");
                }
                return null;
              });
      awaitReadOnly(admin);
      // When a batch is written, Then it waits for the promotion and lands
      writer.write(batch(2, 10));
      promote.get(30, TimeUnit.SECONDS);
      assertThat(counts.retries.get()).as("retries while READONLY").isGreaterThan(afterBusy);
      try (RedisClient c = redis.newClient()) {
        assertThat(seqOf(c, 9)).isEqualTo(2);
      }
      assertThat(writer.activeConnections()).isZero();
    } finally {
      try (RedisClient c = redis.newClient()) {
        c.configSet("lua-time-limit", "5000");
      }
    }
  }

  private static void awaitReadOnly(RedisClient admin) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      Map<String, String> role = parseInfo(admin.info("replication"));
      if ("slave".equals(role.get("role"))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the server did not become a replica");
  }

  private static Map<String, String> parseInfo(String info) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String line : info.split("\\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        out.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return out;
  }

  @Test
  void shouldFailFastOnAWrongTypeAndGiveTheConnectionBack() throws Exception {
    try (RedisBatchWriter<long[]> writer =
            new RedisBatchWriter<>(settings(Duration.ofMinutes(1)), new SeqWrites(), counts);
        RedisClient c = redis.newClient()) {
      // Given a key of the wrong type where a hash is expected
      c.set("it:seq:3", "not a hash");

      // When a batch touching it is written, Then it fails at once, saying why
      long start = System.nanoTime();
      assertThatThrownBy(() -> writer.write(batch(1, 5)))
          .isInstanceOf(RedisWriteException.class)
          .hasMessageContaining("refused to write a batch of 5 seq-test")
          .hasMessageContaining("WRONGTYPE")
          .matches(e -> !((RedisWriteException) e).isOutage());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(counts.retries.get()).isZero();
      assertThat(writer.activeConnections()).isZero();
    }
  }

  @Test
  void shouldFailTheWriteOnceRedisStaysDownLongerThanTheTolerance() throws Exception {
    try (RedisBatchWriter<long[]> writer =
        new RedisBatchWriter<>(settings(Duration.ofSeconds(2)), new SeqWrites(), counts)) {
      // Given Redis gone for good
      redis.kill();

      // When a batch is written, Then it fails after the tolerance, as an outage
      assertThatThrownBy(() -> writer.write(batch(1, 5)))
          .isInstanceOf(RedisWriteException.class)
          .hasMessageContaining("still failing after")
          .hasMessageContaining("redis.outage-tolerance=PT2S")
          .matches(e -> ((RedisWriteException) e).isOutage());
      assertThat(counts.retries.get()).isGreaterThan(2);
      assertThat(writer.activeConnections()).isZero();
    }
  }
}

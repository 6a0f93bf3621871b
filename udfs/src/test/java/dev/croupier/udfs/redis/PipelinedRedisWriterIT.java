package dev.croupier.udfs.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.testkit.RedisServer;
import dev.croupier.udfs.config.RedisSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * The sink writer as the task thread drives it (write, flush before a checkpoint, close) against a
 * real redis-server, with its batches written by the sender thread: order, the checkpoint's wait,
 * backpressure, the sender's failures thrown in the task thread, no thread or connection left
 * behind, the metrics, and the synchronous path ({@code redis.max-batches-in-flight=0}).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost wake-up fails
class PipelinedRedisWriterIT {
  private static final String LIST = "wit:list";
  private static RedisServer redis;
  private final ExecutorService task = Executors.newSingleThreadExecutor();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final ThreadFactory counting =
      r -> {
        Thread t = new Thread(r, "test-redis-sender");
        t.setDaemon(true);
        threads.add(t);
        return t;
      };
  private final Metrics metrics = new Metrics();
  private final List<PipelinedRedisWriter<?>> writers = new ArrayList<>();

  /** Appends every record to one list (order shows), remembers each batch; may be held. */
  static final class Appends implements RedisWrites<Integer> {
    static final List<List<Integer>> BATCHES = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public String viewName() {
      return "append-test";
    }

    @Override
    public void writeBatch(AbstractPipeline pipeline, List<Integer> batch) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      BATCHES.add(List.copyOf(batch));
      RedisWrites.super.writeBatch(pipeline, batch);
    }

    @Override
    public void write(AbstractPipeline pipeline, Integer r) {
      pipeline.rpush(LIST, r.toString());
    }
  }

  /** Flattens the metric groups; keeps what the writer registers. */
  static final class Metrics extends UnregisteredMetricsGroup {
    final Map<String, Object> byName = new ConcurrentHashMap<>();

    @Override
    public MetricGroup addGroup(String name) {
      return this;
    }

    @Override
    public Counter counter(String name) {
      return counter(name, new org.apache.flink.metrics.SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
      byName.put(name, counter);
      return counter;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
      byName.put(name, gauge);
      return gauge;
    }

    @Override
    public <H extends Histogram> H histogram(String name, H histogram) {
      byName.put(name, histogram);
      return histogram;
    }

    long count(String name) {
      return ((Counter) byName.get(name)).getCount();
    }

    Object gauge(String name) {
      return ((Gauge<?>) byName.get(name)).getValue();
    }
  }

  /** Timers never fire: batches are cut by size and by flush. */
  static final class NoTimers implements ProcessingTimeService {
    @Override
    public long getCurrentProcessingTime() {
      return 0;
    }

    @Override
    public ScheduledFuture<?> registerTimer(long time, ProcessingTimeCallback callback) {
      return null;
    }
  }

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
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
    redis.flushAll();
    Appends.BATCHES.clear();
    Appends.gate = new CountDownLatch(0);
  }

  @AfterEach
  void closeAll() throws Exception {
    Appends.gate.countDown();
    for (PipelinedRedisWriter<?> w : writers) {
      try {
        w.close();
      } catch (Exception e) {
        // a test that checks the failure already saw it
      }
    }
    task.shutdownNow();
    task.awaitTermination(30, TimeUnit.SECONDS);
  }

  private RedisSettings settings(int batchSize, int inFlight, Duration tolerance) {
    RedisSettings local = RedisSettings.local(redis.host(), redis.port(), "wit:");
    return new RedisSettings(
        local.host(),
        local.port(),
        null,
        null,
        false,
        0,
        "wit:",
        Duration.ofMillis(500),
        batchSize,
        Duration.ofMillis(100),
        tolerance,
        Duration.ofMillis(20),
        Duration.ofMillis(200),
        inFlight);
  }

  private PipelinedRedisWriter<Integer> writer(RedisSettings settings) throws Exception {
    PipelinedRedisWriter<Integer> w =
        new PipelinedRedisWriter<>(settings, new Appends(), new NoTimers(), metrics, counting);
    writers.add(w);
    return w;
  }

  private static void writeRange(PipelinedRedisWriter<Integer> w, int from, int to)
      throws InterruptedException {
    for (int i = from; i < to; i++) {
      w.write(i, null);
    }
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }

  private static List<Integer> written() {
    try (RedisClient c = redis.newClient()) {
      return c.lrange(LIST, 0, -1).stream().map(Integer::valueOf).toList();
    }
  }

  /** Connections the writers opened that Redis still has. */
  private static long croupierConnections() {
    try (RedisClient c = redis.newClient()) {
      Object list = c.sendCommand(Protocol.Command.CLIENT, "LIST");
      return SafeEncoder.encode((byte[]) list)
          .lines()
          .filter(l -> l.contains(" name=croupier "))
          .count();
    }
  }

  /** What the task thread does, run on {@link #task}; returns once it started. */
  interface TaskStep {
    void run() throws Exception;
  }

  /** Runs {@code step} in the task thread; returns when that thread has parked (at most 2 s). */
  private Future<?> runAndAwaitParked(TaskStep step) throws InterruptedException {
    AtomicReference<Thread> runner = new AtomicReference<>();
    Future<?> f =
        task.submit(
            () -> {
              runner.set(Thread.currentThread());
              step.run();
              return null;
            });
    for (int i = 0; i < 200 && !f.isDone(); i++) {
      Thread t = runner.get();
      if (t != null && t.getState() == Thread.State.WAITING) {
        return f;
      }
      Thread.sleep(10);
    }
    return f;
  }

  /** Redis sees a closed socket a moment after the client closed it. */
  private static void awaitConnections(long expected) throws InterruptedException {
    for (int i = 0; i < 100 && croupierConnections() != expected; i++) {
      Thread.sleep(50);
    }
    assertThat(croupierConnections()).isEqualTo(expected);
  }

  @Test
  void shouldWriteBatchesInTheOrderTheyWereCutAndFlushEveryOne() throws Exception {
    // Given a writer with batches of 7 and 2 batches in flight
    PipelinedRedisWriter<Integer> w = writer(settings(7, 2, Duration.ofMinutes(1)));

    // When 1,000 records go through it, then a flush (a checkpoint)
    writeRange(w, 0, 1_000);
    w.flush(false);

    // Then Redis has them all, in order, cut in batches of 7 by one sender thread
    assertThat(written()).isEqualTo(range(0, 1_000));
    assertThat(Appends.BATCHES).hasSize(143);
    assertThat(Appends.BATCHES.get(0)).isEqualTo(range(0, 7));
    assertThat(threads).hasSize(1);
    assertThat(metrics.count("batches")).isEqualTo(143);
    assertThat(metrics.count("recordsWritten")).isEqualTo(1_000);
    assertThat(metrics.gauge("batchesInFlight")).isEqualTo(0);
  }

  @Test
  void shouldWaitInFlushUntilEveryBatchHandedOffIsWritten() throws Exception {
    // Given a sender held inside its first batch, and records of a second batch pending (room
    // for both in the hand-off, so only the flush's own wait can hold it)
    Appends.gate = new CountDownLatch(1);
    PipelinedRedisWriter<Integer> w = writer(settings(10, 2, Duration.ofMinutes(1)));
    writeRange(w, 0, 15);
    assertThat(metrics.gauge("batchesInFlight")).isEqualTo(1);

    // When the task flushes for a checkpoint
    Future<?> flush =
        task.submit(
            () -> {
              w.flush(false);
              return null;
            });

    // Then the flush does not return while a batch is unwritten...
    assertThatThrownBy(() -> flush.get(500, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(written()).isEmpty();
    // ...and once it returns, every record before it is in Redis
    Appends.gate.countDown();
    flush.get(30, TimeUnit.SECONDS);
    assertThat(written()).isEqualTo(range(0, 15));
  }

  @Test
  void shouldBlockTheTaskWhileTheHandOffIsFullAndStayInterruptible() throws Exception {
    // Given one batch in flight at most and a sender held inside it
    Appends.gate = new CountDownLatch(1);
    PipelinedRedisWriter<Integer> w = writer(settings(10, 1, Duration.ofMinutes(1)));
    writeRange(w, 0, 10);

    // When the task cuts a second batch, Then it waits for room (backpressure)
    Future<?> second = runAndAwaitParked(() -> writeRange(w, 10, 20));
    assertThat(second).isNotDone();

    // And once the sender is done with the first, the second goes through, after it
    Appends.gate.countDown();
    second.get(30, TimeUnit.SECONDS);
    w.flush(false);
    assertThat(written()).isEqualTo(range(0, 20));

    // Given the sender held again, When the waiting task is cancelled, Then it stops waiting
    Appends.gate = new CountDownLatch(1);
    writeRange(w, 20, 30);
    Future<?> blocked = runAndAwaitParked(() -> writeRange(w, 30, 40));
    assertThat(blocked).isNotDone();
    blocked.cancel(true);
    task.shutdown();
    assertThat(task.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shouldNeverChangeABatchHandedOffWhileTheTaskRefillsItsBuffers() throws Exception {
    // Given a sender held inside the first batch
    Appends.gate = new CountDownLatch(1);
    PipelinedRedisWriter<Integer> w = writer(settings(5, 2, Duration.ofMinutes(1)));
    writeRange(w, 0, 5);

    // When the task cuts the next batch meanwhile
    writeRange(w, 5, 10);
    Appends.gate.countDown();
    w.flush(false);

    // Then each batch was written as it was cut
    assertThat(Appends.BATCHES).containsExactly(range(0, 5), range(5, 10));
  }

  @Test
  void shouldFailTheTaskOnTheNextWriteAndFlushWhenRedisRefusesABatch() throws Exception {
    // Given a key of the wrong type where the list goes
    try (RedisClient c = redis.newClient()) {
      c.set(LIST, "not a list");
    }
    PipelinedRedisWriter<Integer> w = writer(settings(5, 1, Duration.ofMinutes(1)));

    // When a batch is handed off, Then the flush throws Redis' refusal, at once
    writeRange(w, 0, 5);
    long start = System.nanoTime();
    assertThatThrownBy(() -> w.flush(false))
        .isInstanceOf(RedisWriteException.class)
        .hasMessageContaining("WRONGTYPE")
        .matches(e -> !((RedisWriteException) e).isOutage())
        .hasRootCauseInstanceOf(JedisDataException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    // And the writes after it refuse too: the sender has stopped
    assertThatThrownBy(() -> w.write(99, null)).isInstanceOf(IllegalStateException.class);

    // And the failure of a sender the task never asked is thrown by close
    PipelinedRedisWriter<Integer> other = writer(settings(5, 1, Duration.ofMinutes(1)));
    writeRange(other, 0, 5);
    threads.get(1).join(10_000);
    assertThatThrownBy(other::close)
        .isInstanceOf(RedisWriteException.class)
        .hasMessageContaining("WRONGTYPE");
    assertThat(threads).allMatch(t -> !t.isAlive());
  }

  @Test
  void shouldBackpressureThroughAnOutageThenFailTheTaskAfterTheTolerance() throws Exception {
    // Given a writer tolerating 2 s of outage, and Redis gone
    PipelinedRedisWriter<Integer> w = writer(settings(5, 1, Duration.ofSeconds(2)));
    writeRange(w, 0, 5);
    w.flush(false);
    redis.kill();

    // When the task keeps writing
    long start = System.nanoTime();
    Future<?> writing =
        task.submit(
            () -> {
              writeRange(w, 5, 1_000);
              w.flush(false);
              return null;
            });

    // Then it blocks (the sender retries), the gauge shows the outage, and after the tolerance the
    // task fails with the sender's outage
    Thread.sleep(1_000);
    assertThat(writing).isNotDone();
    assertThat((Long) metrics.gauge("currentOutageMs")).isPositive();
    assertThatThrownBy(() -> writing.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(RedisWriteException.class)
        .cause()
        .hasMessageContaining("redis.outage-tolerance=PT2S")
        .matches(e -> ((RedisWriteException) e).isOutage());
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
    assertThat(metrics.count("outages")).isEqualTo(1);
    assertThat(metrics.count("retries")).isGreaterThan(2);
    w.close();
    assertThat(threads.get(0).isAlive()).isFalse();
  }

  @Test
  void shouldStopTheSenderAndCloseTheConnectionOnCloseEvenWhileItRetries() throws Exception {
    // Given two writers: one idle, one whose sender is retrying through an outage
    long before = croupierConnections();
    PipelinedRedisWriter<Integer> idle = writer(settings(5, 1, Duration.ofMinutes(1)));
    writeRange(idle, 0, 5);
    idle.flush(false);
    assertThat(croupierConnections()).isGreaterThan(before);

    // When the idle one closes, Then its thread is gone and its connection closed
    idle.close();
    assertThat(threads.get(0).isAlive()).isFalse();
    awaitConnections(before);

    PipelinedRedisWriter<Integer> retrying = writer(settings(5, 1, Duration.ofMinutes(1)));
    redis.kill();
    writeRange(retrying, 0, 5);
    Thread.sleep(300);
    assertThat((Long) metrics.gauge("currentOutageMs")).isPositive();

    // When it closes (a cancelled task), Then it does not wait out the outage
    long start = System.nanoTime();
    retrying.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(threads).hasSize(2).allMatch(t -> !t.isAlive());
  }

  @Test
  void shouldWriteInTheTaskThreadWhenNoBatchMayBeInFlight() throws Exception {
    // Given redis.max-batches-in-flight=0
    PipelinedRedisWriter<Integer> w = writer(settings(7, 0, Duration.ofMinutes(1)));

    // When records go through it, Then each full batch is written before write returns
    writeRange(w, 0, 14);
    assertThat(written()).isEqualTo(range(0, 14));
    writeRange(w, 14, 20);
    w.flush(true);
    assertThat(written()).isEqualTo(range(0, 20));
    assertThat(threads).isEmpty();
    assertThat(w.senderThread()).isNull();
    assertThat(metrics.count("batches")).isEqualTo(3);
    assertThat(croupierConnections()).isEqualTo(1);
    w.close();
    awaitConnections(0);
  }
}

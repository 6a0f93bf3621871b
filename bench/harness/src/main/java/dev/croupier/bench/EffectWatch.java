package dev.croupier.bench;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireDecoder;
import dev.croupier.schemas.wire.Decoded;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Watches where the jobs' effects appear and matches each to the send time of the event that caused
 * it, all timed with {@link System#nanoTime()} in this process:
 *
 * <ul>
 *   <li>balance hash: Redis keyspace notifications on {@code balance:*}; the hashes they name are
 *       read in pipelined batches, and each hash's {@code lastEventId} names the event (one sample
 *       per write);
 *   <li>board score: notifications on the global 1 h {@code wagered} boards; on each, the scores of
 *       the players with stakes outstanding on that board ({@code ZMSCORE}), whose tie-break
 *       encodes the event time of the player's last counted stake: every outstanding stake at or
 *       before it arrived;
 *   <li>alert in Redis: {@code XREAD BLOCK} on the {@code alerts:recent} stream; the latest of the
 *       alert's evidence events is its cause;
 *   <li>early alert in Redis: the same on {@code alerts:early:recent}, the early-alert track's feed
 *       (its retraction entries are counted, not sampled);
 *   <li>committed alert: a {@code read_committed} consumer of {@code risk.alerts}, decoded through
 *       the registry, matched the same way.
 * </ul>
 */
final class EffectWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EffectWatch.class);
  private static final long HOUR_MS = 3_600_000L;

  /** Balance hashes read in one pipelined round trip at most. */
  private static final int BALANCE_READS = 1_000;

  /** The observed paths. */
  enum Path {
    BALANCE("event → balance hash in Redis"),
    BOARD("event → board score in Redis"),
    ALERT_REDIS("event → alert in Redis"),
    ALERT_EARLY("event → early alert in Redis"),
    ALERT_COMMITTED("event → committed alert on risk.alerts");

    final String label;

    Path(String label) {
      this.label = label;
    }
  }

  private record Sent(long nanos, int step) {}

  private record Stake(long occurredAt, long nanos, int step) {}

  private record Notice(String key, long nanos) {}

  private final String prefix;
  private final RedisClient redis;
  private final RedisClient subscriberClient;
  private final Map<String, Sent> sent = new ConcurrentHashMap<>();
  private final java.util.Set<String> balanceSampled = ConcurrentHashMap.newKeySet();

  /** Board key → player → stakes not yet seen on it. */
  private final Map<String, Map<String, ArrayDeque<Stake>>> stakes = new HashMap<>();

  private final Map<Integer, Map<Path, Samples>> samples = new ConcurrentHashMap<>();
  private final Map<Integer, Samples> readDelays = new ConcurrentHashMap<>();
  private final BlockingQueue<Notice> balanceNotices = new ArrayBlockingQueue<>(1_000_000);
  private final BlockingQueue<Notice> boardNotices = new ArrayBlockingQueue<>(1_000_000);
  private final JedisPubSub pubSub =
      new JedisPubSub() {
        @Override
        public void onPMessage(String pattern, String channel, String message) {
          String key = channel.substring(channel.indexOf(':') + 1);
          Notice n = new Notice(key, System.nanoTime());
          if (!(key.startsWith(prefix + "balance:") ? balanceNotices : boardNotices).offer(n)) {
            LOG.warn("notification queue full; dropping {}", channel);
          }
        }
      };
  private final List<Thread> threads = new ArrayList<>();
  private final KafkaConsumer<byte[], byte[]> alerts;
  private final AvroWireDecoder<FraudAlert> alertDecoder;
  private final SchemaRegistryClient registry;
  private final java.util.concurrent.atomic.AtomicLong retractions =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean running = true;

  EffectWatch(
      String redisHost, int redisPort, String prefix, String bootstrap, String registryUrl) {
    this.prefix = prefix;
    this.redis = RedisClient.builder().hostAndPort(redisHost, redisPort).build();
    this.subscriberClient = RedisClient.builder().hostAndPort(redisHost, redisPort).build();
    // K: keyspace channel; h: hash commands; z: sorted-set commands (Lua scripts' writes included).
    redis.configSet("notify-keyspace-events", "Khz");
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    this.alerts = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.registry = SchemaRegistryClient.create(RegistryConfig.of(registryUrl));
    this.alertDecoder = new AvroWireDecoder<>(Topics.ALERTS, registry, "croupier-bench");
  }

  /** Starts listening; effects of events sent from now on are sampled. */
  EffectWatch start() {
    List<TopicPartition> parts =
        alerts.partitionsFor(Topics.ALERTS.name()).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .toList();
    alerts.assign(parts);
    alerts.seekToEnd(parts);
    parts.forEach(alerts::position); // resolve the end now, before any alert of this run
    thread(
        "bench-notifications",
        () ->
            subscriberClient.psubscribe(
                pubSub,
                "__keyspace@0__:" + prefix + "balance:*",
                "__keyspace@0__:" + prefix + "lb:wagered:global:1h:*"));
    thread("bench-balance-effects", this::matchBalances);
    thread("bench-board-effects", this::matchBoards);
    thread("bench-alert-stream", () -> readAlertStream("alerts:recent", Path.ALERT_REDIS));
    thread(
        "bench-early-alert-stream", () -> readAlertStream("alerts:early:recent", Path.ALERT_EARLY));
    thread("bench-committed-alerts", this::readCommittedAlerts);
    return this;
  }

  private void thread(String name, Runnable body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (RuntimeException e) {
                if (running) {
                  LOG.warn("{} stopped", name, e);
                }
              }
            },
            name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  void sent(String eventId, long nanos, int step) {
    sent.put(eventId, new Sent(nanos, step));
  }

  void stakeSent(String userId, long occurredAt, long nanos, int step) {
    String key =
        prefix + "lb:wagered:global:1h:" + Instant.ofEpochMilli(occurredAt - occurredAt % HOUR_MS);
    synchronized (stakes) {
      stakes
          .computeIfAbsent(key, k -> new HashMap<>())
          .computeIfAbsent(userId, u -> new ArrayDeque<>())
          .add(new Stake(occurredAt, nanos, step));
    }
  }

  /** The samples of {@code step}, milliseconds per path. */
  Map<Path, double[]> samples(int step) {
    Map<Path, double[]> out = new EnumMap<>(Path.class);
    Map<Path, Samples> s = samples.getOrDefault(step, Map.of());
    for (Path p : Path.values()) {
      Samples l = s.get(p);
      out.put(p, l == null ? new double[0] : l.latencies());
    }
    return out;
  }

  /**
   * Writes every sample of {@code step} to {@code file} as CSV ({@code path,sent_ms,latency_ms};
   * sent_ms from the step's first sampled send), to see when in a step its tail came.
   */
  void writeSamples(int step, java.nio.file.Path file) throws IOException {
    Map<Path, Samples> s = samples.getOrDefault(step, Map.of());
    long first = s.values().stream().mapToLong(Samples::firstSent).min().orElse(0);
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("path,sent_ms,latency_ms\n");
      for (Path p : Path.values()) {
        Samples l = s.get(p);
        if (l != null) {
          l.writeTo(w, p.name().toLowerCase(Locale.ROOT), first);
        }
      }
    }
  }

  private void sample(Path path, int step, long fromNanos, long toNanos) {
    samples
        .computeIfAbsent(step, s -> new ConcurrentHashMap<>())
        .computeIfAbsent(path, p -> new Samples())
        .add(fromNanos, (toNanos - fromNanos) / 1e6);
  }

  /**
   * One path's samples of one step (or the bench's read delays of one step): when each sampled
   * event was sent, and its latency.
   */
  private static final class Samples {
    private long[] sentNanos = new long[1024];
    private double[] latencyMs = new double[1024];
    private int size;

    synchronized void add(long sent, double ms) {
      if (size == sentNanos.length) {
        sentNanos = Arrays.copyOf(sentNanos, size * 2);
        latencyMs = Arrays.copyOf(latencyMs, size * 2);
      }
      sentNanos[size] = sent;
      latencyMs[size++] = ms;
    }

    synchronized double[] latencies() {
      return Arrays.copyOf(latencyMs, size);
    }

    synchronized long firstSent() {
      return Arrays.stream(sentNanos, 0, size).min().orElse(Long.MAX_VALUE);
    }

    synchronized void writeTo(Writer w, String path, long origin) throws IOException {
      for (int i = 0; i < size; i++) {
        w.write(
            String.format(
                Locale.ROOT, "%s,%.1f,%.1f%n", path, (sentNanos[i] - origin) / 1e6, latencyMs[i]));
      }
    }
  }

  /**
   * The bench's own delay in reading balance writes, per balance sample of {@code step}: how long
   * after the oldest notification of its read that read returned, milliseconds. Every balance
   * sample includes up to this much of the bench's own time.
   */
  double[] readDelays(int step) {
    Samples d = readDelays.get(step);
    return d == null ? new double[0] : d.latencies();
  }

  /**
   * One sample per balance write: the event its hash names now. The notifications queued since the
   * last read are read together, each hash once, in one pipelined round trip: one read per
   * notification fell behind at 2,000 writes/s on a slow machine, and that wait counted as the
   * balance job's latency. The effect's time is when the read returned (never before the event was
   * sent, even if writes came quickly one after another); how long after its notification the
   * oldest of a read's notices was read is kept as the bench's own delay ({@link #readDelays}).
   */
  private void matchBalances() {
    List<Notice> batch = new ArrayList<>();
    while (running) {
      Notice first;
      try {
        first = balanceNotices.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        continue;
      }
      batch.clear();
      batch.add(first);
      balanceNotices.drainTo(batch, BALANCE_READS - 1);
      try {
        matchBalances(batch.stream().map(Notice::key).distinct().toList(), first.nanos());
      } catch (RuntimeException e) {
        LOG.debug("cannot match {} balance writes", batch.size(), e);
      }
    }
  }

  private void matchBalances(List<String> keys, long oldestNotice) {
    List<Response<String>> last = new ArrayList<>(keys.size());
    try (AbstractPipeline p = redis.pipelined()) {
      for (String key : keys) {
        last.add(p.hget(key, "lastEventId"));
      }
      p.sync();
    }
    long seen = System.nanoTime();
    double delayMs = (seen - oldestNotice) / 1e6;
    for (Response<String> r : last) {
      String id = r.get();
      Sent s = id == null ? null : sent.get(id);
      if (s != null && balanceSampled.add(id)) {
        sample(Path.BALANCE, s.step(), s.nanos(), seen);
        readDelays.computeIfAbsent(s.step(), k -> new Samples()).add(s.nanos(), delayMs);
      }
    }
  }

  /** Per written board (notifications queued meanwhile coalesce), the outstanding stakes seen. */
  private void matchBoards() {
    while (running) {
      Notice first;
      try {
        first = boardNotices.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        continue;
      }
      List<Notice> batch = new ArrayList<>();
      batch.add(first);
      boardNotices.drainTo(batch);
      for (String key : batch.stream().map(Notice::key).distinct().toList()) {
        try {
          matchBoard(key);
        } catch (RuntimeException e) {
          LOG.debug("cannot match {}", key, e);
        }
      }
    }
  }

  private void matchBoard(String key) {
    List<String> players;
    synchronized (stakes) {
      Map<String, ArrayDeque<Stake>> pending = stakes.get(key);
      if (pending == null || pending.isEmpty()) {
        return;
      }
      players = new ArrayList<>(pending.keySet());
    }
    List<Double> scores = redis.zmscore(key, players.toArray(String[]::new));
    long seen = System.nanoTime();
    long windowEnd =
        Instant.parse(key.substring((prefix + "lb:wagered:global:1h:").length())).toEpochMilli()
            + HOUR_MS;
    synchronized (stakes) {
      Map<String, ArrayDeque<Stake>> pending = stakes.get(key);
      for (int i = 0; i < players.size(); i++) {
        Double score = scores.get(i);
        ArrayDeque<Stake> q = pending.get(players.get(i));
        if (score == null || q == null) {
          continue;
        }
        long achievedAt = achievedAt(score, windowEnd, HOUR_MS);
        while (!q.isEmpty() && q.peek().occurredAt() <= achievedAt + 1) {
          Stake s = q.poll();
          sample(Path.BOARD, s.step(), s.nanos(), Math.max(seen, s.nanos()));
        }
        if (q.isEmpty()) {
          pending.remove(players.get(i));
        }
      }
    }
  }

  /**
   * The event time a board score was reached at, from its tie-break: {@code score = cents / 100 +
   * 0.001 + 0.008 × (windowEnd − achievedAt) / windowSize} (docs/leaderboard.md).
   */
  static long achievedAt(double score, long windowEnd, long windowSize) {
    double hundredths = score * 100;
    double tie = hundredths - Math.floor(hundredths); // 0.1 + 0.8 × fraction of the window
    double fraction = (tie - 0.1) / 0.8;
    return windowEnd - Math.round(fraction * windowSize);
  }

  /** Early alerts retracted since the last call (the first: since {@link #start}). */
  long retractionsSinceLastAsked() {
    return retractions.getAndSet(0);
  }

  private void readAlertStream(String key, Path path) {
    String stream = prefix + key;
    // From the stream's last entry now, not "$": "$" would skip an entry added between two reads.
    List<StreamEntry> last = redis.xrevrange(stream, (StreamEntryID) null, (StreamEntryID) null, 1);
    StreamEntryID from = last.isEmpty() ? new StreamEntryID() : last.get(0).getID();
    while (running) {
      var batch =
          redis.xread(XReadParams.xReadParams().block(500).count(1000), Map.of(stream, from));
      long now = System.nanoTime();
      if (batch == null) {
        continue;
      }
      for (var e : batch) {
        for (StreamEntry entry : e.getValue()) {
          from = entry.getID();
          if ("true".equals(entry.getFields().get("retracted"))) {
            retractions.incrementAndGet();
            continue;
          }
          String evidence = entry.getFields().get("evidenceEventIds");
          matchAlert(path, evidence == null ? List.of() : List.of(evidence.split(",")), now);
        }
      }
    }
  }

  private void readCommittedAlerts() {
    while (running) {
      var records = alerts.poll(Duration.ofMillis(200));
      long now = System.nanoTime();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        Decoded<FraudAlert> d =
            alertDecoder.decode(
                r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp());
        if (d.isRecord()) {
          matchAlert(Path.ALERT_COMMITTED, d.record().getEvidenceEventIds(), now);
        }
      }
    }
  }

  /** One sample from the alert's latest evidence event this run sent (none: not ours). */
  private void matchAlert(Path path, List<? extends CharSequence> evidence, long seenNanos) {
    Sent latest = null;
    for (CharSequence id : evidence) {
      Sent s = sent.get(id.toString());
      if (s != null && (latest == null || s.nanos() > latest.nanos())) {
        latest = s;
      }
    }
    if (latest != null) {
      sample(path, latest.step(), latest.nanos(), seenNanos);
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      pubSub.punsubscribe();
    } catch (RuntimeException e) {
      // not subscribed yet
    }
    for (Thread t : threads) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (AutoCloseable c : new AutoCloseable[] {alerts, registry, redis, subscriberClient}) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("{} did not close cleanly", c, e);
      }
    }
  }
}

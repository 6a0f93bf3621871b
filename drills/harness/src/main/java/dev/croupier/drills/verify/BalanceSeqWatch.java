package dev.croupier.drills.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Watches, while a drill runs, that no balance hash ever moves backwards: it reads every {@code
 * balance:<user>} seq a few times a second and notes each one lower than seen before. A replay
 * after a restore rewrites older updates; the seq compare-and-set must refuse them. The end state
 * alone cannot show it — the replay ends on the newest update either way — so this is the check
 * that catches a Redis write without the seq check. Redis being down is not a violation.
 */
public final class BalanceSeqWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BalanceSeqWatch.class);
  private static final Duration PERIOD = Duration.ofMillis(300);
  private static final int MAX_NOTED = 20;

  private final String host;
  private final int port;
  private final String prefix;
  private final Thread thread;
  private final Map<String, Long> highest = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private long violationCount;
  private long rounds;
  private volatile boolean stopped;
  private volatile boolean paused;

  public BalanceSeqWatch(String host, int port, String prefix) {
    this.host = host;
    this.port = port;
    this.prefix = prefix;
    this.thread = new Thread(this::watch, "balance-seq-watch");
    this.thread.setDaemon(true);
  }

  public BalanceSeqWatch start() {
    thread.start();
    return this;
  }

  /**
   * Forgets what was seen: after Redis comes back empty, a lower seq is the re-seed, not a step
   * back.
   */
  public synchronized void reset() {
    highest.clear();
  }

  /** Stops reading (while Redis is deliberately emptied); {@link #resume()} starts again. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
  }

  private void watch() {
    RedisClient client = null;
    List<String> keys = List.of();
    while (!stopped) {
      try {
        if (!paused) {
          if (client == null) {
            client = RedisClient.builder().hostAndPort(host, port).build();
          }
          if (rounds % 10 == 0 || keys.isEmpty()) {
            keys = keys(client);
          }
          check(client, keys);
          rounds++;
        }
      } catch (RuntimeException e) {
        // Redis down or restarting: nothing to read now
        if (client != null) {
          client.close();
          client = null;
        }
      }
      try {
        Thread.sleep(PERIOD.toMillis());
      } catch (InterruptedException e) {
        break;
      }
    }
    if (client != null) {
      client.close();
    }
  }

  private void check(RedisClient client, List<String> keys) {
    Map<String, Response<String>> seqs = new HashMap<>();
    try (AbstractPipeline p = client.pipelined()) {
      for (String key : keys) {
        seqs.put(key, p.hget(key, "seq"));
      }
      p.sync();
    }
    synchronized (this) {
      if (paused) {
        return;
      }
      for (var e : seqs.entrySet()) {
        String value = e.getValue().get();
        if (value == null) {
          continue;
        }
        long seq = Long.parseLong(value);
        Long before = highest.get(e.getKey());
        if (before != null && seq < before) {
          violationCount++;
          if (violations.size() < MAX_NOTED) {
            String v = e.getKey() + " seq " + before + " -> " + seq + " at " + Instant.now();
            violations.add(v);
            LOG.warn("Balance moved backwards: {}", v);
          }
        }
        if (before == null || seq > before) {
          highest.put(e.getKey(), seq);
        }
      }
    }
  }

  private List<String> keys(RedisClient client) {
    List<String> keys = new ArrayList<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    ScanParams params = new ScanParams().match(prefix + "balance:*").count(2000);
    do {
      ScanResult<String> page = client.scan(cursor, params);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }

  /**
   * Every step backwards seen (the first {@value #MAX_NOTED} described) and how many rounds ran.
   */
  public synchronized Result result() {
    return new Result(violationCount, List.copyOf(violations), rounds);
  }

  /** What the watch saw. */
  public record Result(long violations, List<String> examples, long rounds) {}

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

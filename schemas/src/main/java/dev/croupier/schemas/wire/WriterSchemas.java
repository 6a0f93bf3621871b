package dev.croupier.schemas.wire;

import dev.croupier.schemas.registry.SchemaNotFoundException;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.registry.SchemaRegistryException;
import dev.croupier.schemas.registry.UnusableSchemaException;
import dev.croupier.schemas.topics.Topic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each writer schema id means for one topic, asked of the registry as rarely as possible:
 *
 * <ul>
 *   <li>an id the registry has is resolved once (readable, or why not) and kept;
 *   <li>an id it answers 404 for is asked again with backoff for {@code retry} (a replica may not
 *       have seen a schema registered a moment ago) before records with it are dead-lettered; then
 *       the 404 is trusted for {@code cache}, so a stream of such records costs no request;
 *   <li>while a retry window has run out within the last {@code cache}, a new unknown id gets one
 *       request and no window: a flood of distinct bad ids can stall the job only once per {@code
 *       cache}.
 * </ul>
 *
 * Both maps are bounded. Not thread-safe: one per decoder.
 */
final class WriterSchemas<T extends SpecificRecordBase> {
  private static final Logger LOG = LoggerFactory.getLogger(WriterSchemas.class);
  private static final int MAX_KNOWN = 1_000;
  private static final int MAX_MISSING = 10_000;
  private static final long MAX_BACKOFF_MS = 1_000;

  /** What an id means: a reader, or a dead-letter reason and why. */
  record Verdict<T>(WriterReader<T> reader, DeadLetterReason reason, String detail) {
    boolean readable() {
      return reader != null && reader.canRead();
    }
  }

  private final Topic<T> topic;
  private final SchemaRegistryClient registry;
  private final long retryNanos;
  private final long cacheNanos;
  private final Map<Integer, Verdict<T>> known = lru(MAX_KNOWN);
  private final Map<Integer, Long> missingUntil = lru(MAX_MISSING);
  private long lastFailedWindowAt = Long.MIN_VALUE;
  private long requests;
  // The id asked last and its verdict, once known: a topic has one writer schema nearly always, so
  // this skips the LRU (a boxed key and a re-link per look-up). A known verdict never changes.
  private int lastId;
  private Verdict<T> lastVerdict;

  WriterSchemas(Topic<T> topic, SchemaRegistryClient registry, Duration retry, Duration cache) {
    this.topic = topic;
    this.registry = registry;
    this.retryNanos = retry.toNanos();
    this.cacheNanos = cache.toNanos();
  }

  /** The verdict for {@code id}; throws SchemaRegistryException only when the registry is down. */
  Verdict<T> of(int id) {
    if (id == lastId && lastVerdict != null) {
      return lastVerdict;
    }
    Verdict<T> verdict = known.get(id);
    if (verdict != null) {
      lastId = id;
      lastVerdict = verdict;
      return verdict;
    }
    long now = System.nanoTime();
    Long until = missingUntil.get(id);
    if (until != null && now - until < 0) {
      return missing(id);
    }
    verdict = ask(id);
    if (verdict == null && until == null && mayWait(now)) {
      verdict = askAgainUntil(id, now + retryNanos);
      if (verdict == null) {
        lastFailedWindowAt = System.nanoTime();
        LOG.warn(
            "Schema id {} is still unknown to the registry after {} ms: dead-lettering its records",
            id,
            retryNanos / 1_000_000);
      }
    }
    if (verdict == null) {
      missingUntil.put(id, System.nanoTime() + cacheNanos);
      return missing(id);
    }
    missingUntil.remove(id);
    known.put(id, verdict);
    lastId = id;
    lastVerdict = verdict;
    return verdict;
  }

  /** Registry requests made so far (tests). */
  long requests() {
    return requests;
  }

  private boolean mayWait(long now) {
    return retryNanos > 0
        && (lastFailedWindowAt == Long.MIN_VALUE || now - lastFailedWindowAt >= cacheNanos);
  }

  private Verdict<T> askAgainUntil(int id, long deadline) {
    long backoffMs = 50;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      sleep(Math.min(backoffMs, Math.max(1, left / 1_000_000)));
      Verdict<T> verdict = ask(id);
      if (verdict != null) {
        LOG.info("Schema id {} appeared in the registry after a 404", id);
        return verdict;
      }
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    }
  }

  /** The verdict for an id the registry answers for, or null on a 404. */
  private Verdict<T> ask(int id) {
    requests++;
    try {
      WriterReader<T> reader = WriterReader.of(registry.getSchemaById(id), topic);
      return reader.canRead()
          ? new Verdict<>(reader, null, null)
          : new Verdict<>(reader, DeadLetterReason.SCHEMA_MISMATCH, reader.mismatch());
    } catch (SchemaNotFoundException notFound) {
      return null;
    } catch (UnusableSchemaException unusable) {
      return new Verdict<>(
          null,
          DeadLetterReason.FOREIGN_SCHEMA,
          "schema id " + id + " cannot be read as Avro: " + unusable.getMessage());
    }
  }

  private Verdict<T> missing(int id) {
    return new Verdict<>(
        null, DeadLetterReason.UNKNOWN_SCHEMA_ID, "schema id " + id + " is not in the registry");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          "Interrupted while waiting for an unknown schema id to appear", 0, -1, e);
    }
  }

  private static <K, V> Map<K, V> lru(int max) {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }
}

package dev.croupier.simulator.sink;

import dev.croupier.simulator.event.SimEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends events to their topics: key the userId in UTF-8, value the wire-format bytes (or the raw
 * bytes of a not-wire-format record). The Kafka timestamp is the send time: simulated event time
 * (accelerated, or in the past) lives in the record body, and brokers refuse timestamps more than
 * an hour ahead of their clock. An idempotent, batching producer; a failed send surfaces at the
 * next {@link #flush()} or {@link #close()}.
 */
public final class KafkaEventSink implements EventSink {
  private final Producer<byte[], byte[]> producer;
  private final WireEncoder encoder;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicLong failed = new AtomicLong();

  public KafkaEventSink(Producer<byte[], byte[]> producer, WireEncoder encoder) {
    this.producer = producer;
    this.encoder = encoder;
  }

  /** A sink with its own producer: the defaults below, then {@code overrides} on top. */
  public static KafkaEventSink create(
      String bootstrapServers, Map<String, String> overrides, WireEncoder encoder) {
    return new KafkaEventSink(
        new KafkaProducer<>(producerConfig(bootstrapServers, overrides)), encoder);
  }

  /** Idempotent, acks=all, lz4, 20 ms linger, 256 KiB batches; overrides win. */
  public static Map<String, Object> producerConfig(
      String bootstrapServers, Map<String, String> overrides) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "croupier-simulator");
    config.putAll(overrides);
    return config;
  }

  @Override
  public void accept(SimEvent e) {
    throwIfFailed();
    byte[] value = e.raw() != null ? e.raw() : encoder.encode(e.topic(), e.value());
    byte[] key = e.key().getBytes(StandardCharsets.UTF_8);
    producer.send(
        new ProducerRecord<>(e.topic().name(), null, null, key, value),
        (metadata, exception) -> {
          if (exception != null) {
            failed.incrementAndGet();
            failure.compareAndSet(null, exception);
          }
        });
  }

  @Override
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      producer.close(Duration.ofSeconds(30));
    }
  }

  private void throwIfFailed() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException(failed.get() + " record(s) could not be sent to Kafka", e);
    }
  }
}

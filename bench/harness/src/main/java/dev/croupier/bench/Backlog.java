package dev.croupier.bench;

import dev.croupier.drills.traffic.TrafficSettings;
import dev.croupier.simulator.SimulatorSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The backlog every throughput measurement reads: the simulator's realistic mix (its default fraud
 * and bad-record rates) for a population, over an event-time span long enough for the wanted number
 * of events, sent once, unpaced.
 */
final class Backlog {
  static final long SEED = 20261202L;
  static final double FRAUD_RATE = 0.01;
  static final double BAD_RECORD_RATE = 0.001;

  private Backlog() {}

  /**
   * Traffic of {@code players} whose span holds at least {@code minEvents} (counted, not guessed).
   */
  static TrafficSettings traffic(int players, long minEvents) {
    Duration probe = Duration.ofHours(1);
    long counted = count(settings(players, probe));
    long minutes = (long) Math.ceil(probe.toMinutes() * 1.02 * minEvents / Math.max(1, counted));
    return settings(players, Duration.ofMinutes(Math.max(10, minutes)));
  }

  private static TrafficSettings settings(int players, Duration span) {
    return new TrafficSettings(
        players, SEED, FRAUD_RATE, TrafficSettings.START, span, 0, BAD_RECORD_RATE);
  }

  static long count(TrafficSettings t) {
    return count(t.simulator());
  }

  static long count(SimulatorSettings s) {
    long n = 0;
    var events = s.simulator().events(label -> {});
    while (events.hasNext()) {
      events.next();
      n++;
    }
    return n;
  }

  /**
   * The most event time a latency step's traffic may cover: the steps lie a day apart in event
   * time, so one step's events never mix with the next one's.
   */
  static final Duration LATENCY_SPAN = Duration.ofHours(20);

  /** How many events a latency step sends: its rate for its length. */
  static long latencyEvents(int rate, Duration step) {
    return rate * step.toSeconds();
  }

  /**
   * The simulator settings that send {@code rate} events per second: the backlog's population and
   * mix (with more fraud, so alerts are sampled), event time as fast as the rate allows, over
   * {@link #LATENCY_SPAN}. The sender stops at {@link #latencyEvents}, so a step lasts its length
   * whatever the population's own rate: a realistic population sends far fewer events per second of
   * event time than these rates, and fewer still in its first minutes (no session is under way at
   * the start), so a span sized by its average rate ran out early (6,414 events in 7 s for a 60 s
   * step at 1,000/s).
   */
  static SimulatorSettings latencyTraffic(int players, int rate, Instant start, long seed) {
    return SimulatorSettings.builder()
        .players(players)
        .seed(seed)
        .fraudRate(0.05)
        .start(start)
        .duration(LATENCY_SPAN)
        .rateLimit(rate)
        .acceleration(0)
        .badRecordRate(0)
        .settings();
  }

  /**
   * The live step's traffic: the backlog's population at its natural rate with event time at
   * wall-clock speed from {@code start} (now), so event-time waits take their full length, as in
   * production. Every session brings a fraud scenario, so a short step still gives alerts to time.
   */
  static SimulatorSettings liveTraffic(int players, Duration step, Instant start, long seed) {
    return SimulatorSettings.builder()
        .players(players)
        .seed(seed)
        .fraudRate(1.0)
        .start(start)
        .duration(step)
        .rateLimit(0)
        .acceleration(1)
        .badRecordRate(0)
        .settings();
  }

  /** Distinct record keys (player ids) per topic, read once from the backlog (not timed). */
  static Map<String, Set<String>> playersPerTopic(
      String bootstrap, Map<TopicPartition, Long> ends) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    Map<String, Set<String>> out = new HashMap<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.assign(ends.keySet());
      c.seekToBeginning(ends.keySet());
      Map<TopicPartition, Long> left = new HashMap<>(ends);
      left.values().removeIf(v -> v == 0);
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (!left.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.key() != null) {
            out.computeIfAbsent(r.topic(), t -> new HashSet<>()).add(r.key());
          }
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() + 1 >= ends.get(tp)) {
            left.remove(tp);
          }
        }
      }
    }
    return out;
  }
}

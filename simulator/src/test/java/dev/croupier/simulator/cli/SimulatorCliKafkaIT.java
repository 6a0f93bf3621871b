package dev.croupier.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.RestSchemaRegistryClient;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireDecoder;
import dev.croupier.schemas.wire.DeadLetterReason;
import dev.croupier.schemas.wire.Decoded;
import dev.croupier.simulator.cli.SimulatorCliTest.Outcome;
import dev.croupier.simulator.event.BadRecordKind;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.sink.EventLogReader;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.SharedServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against a real KRaft broker and a real Apicurio registry: every event lands on
 * its topic in the wire format, keyed by player, stamped with its event time, in per-player order,
 * and decodes to exactly what the event log says was sent; the bad records dead-letter for the
 * reason they were made for; a secret given as a Kafka property is never printed.
 */
@ExtendWith(SharedServices.class)
class SimulatorCliKafkaIT {
  private static final String SECRET = "hunter2-not-for-logs";
  private static final long CLASS_LOADED_AT = System.currentTimeMillis();

  @Test
  void shouldSendEveryEventInTheWireFormatKeyedByPlayer(
      KafkaBroker kafka, ApicurioRegistry registry, @TempDir Path dir) {
    Path eventLog = dir.resolve("events.jsonl");

    Outcome o =
        SimulatorCliTest.run(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--registry-url",
            registry.confluentApiUrl(),
            "--create-topics",
            "2",
            "--kafka-property",
            "ssl.key.password=" + SECRET,
            "--players",
            "500",
            "--seed",
            "21",
            "--start",
            "2026-07-01T20:00:00Z",
            "--duration",
            "90m",
            "--fraud-rate",
            "0.2",
            "--bad-record-rate",
            "0.002",
            "--event-log",
            eventLog.toString());

    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.out() + o.err()).doesNotContain(SECRET).contains("ssl.key.password=****");
    Map<Topic<?>, List<SimEvent>> sent = new HashMap<>();
    new EventLogReader()
        .read(eventLog, e -> sent.computeIfAbsent(e.topic(), t -> new ArrayList<>()).add(e));
    try (SchemaRegistryClient client =
        new RestSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl()))) {
      for (Topic<?> topic : Topics.INPUTS) {
        List<ConsumerRecord<byte[], byte[]>> received =
            kafka.readAllCommitted(topic.name(), Duration.ofSeconds(30));
        assertThat(received).as(topic.name()).hasSameSizeAs(sent.get(topic));
        assertSameEventsPerPlayer(topic, sent.get(topic), received, client);
      }
    }
  }

  private static void assertSameEventsPerPlayer(
      Topic<?> topic,
      List<SimEvent> sent,
      List<ConsumerRecord<byte[], byte[]>> received,
      SchemaRegistryClient client) {
    @SuppressWarnings("unchecked")
    var contract = (Topic<SpecificRecordBase>) topic;
    AvroWireDecoder<SpecificRecordBase> decoder = new AvroWireDecoder<>(contract, client, "it");
    Map<String, List<SimEvent>> sentByKey = byKey(sent);
    Map<String, Integer> next = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : received) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      SimEvent expected = sentByKey.get(key).get(next.merge(key, 1, Integer::sum) - 1);
      // The Kafka timestamp is the send time (wall clock), not the simulated event time.
      assertThat(r.timestamp())
          .isGreaterThanOrEqualTo(CLASS_LOADED_AT)
          .isNotEqualTo(expected.occurredAt());
      Decoded<SpecificRecordBase> decoded =
          decoder.decode(r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp());
      if (expected.bad() == BadRecordKind.NOT_WIRE_FORMAT) {
        assertThat(decoded.reason()).isEqualTo(DeadLetterReason.BAD_MAGIC_BYTE);
      } else if (expected.bad() == BadRecordKind.NEGATIVE_STAKE) {
        assertThat(decoded.reason()).isEqualTo(DeadLetterReason.FIELD_RULE);
      } else {
        assertThat(decoded.isRecord()).as("%s: %s", expected.eventId(), decoded).isTrue();
        assertThat(decoded.record()).isEqualTo(expected.value());
      }
    }
  }

  private static Map<String, List<SimEvent>> byKey(List<SimEvent> events) {
    Map<String, List<SimEvent>> out = new HashMap<>();
    for (SimEvent e : events) {
      out.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
    }
    return out;
  }
}

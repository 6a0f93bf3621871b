package dev.croupier.udfs.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireDecoder;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.schemas.wire.WireFormat;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.SharedServices;
import dev.croupier.udfs.MiniClusters;
import dev.croupier.udfs.kafka.WireDeserializationSchema;
import dev.croupier.udfs.kafka.WireSerializationSchema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The serdes and the router in a real pipeline: Kafka (2 partitions) → WireDeserializationSchema →
 * DeadLetterRouter → good records and dead letters to their own Kafka topics, at parallelism 2 in a
 * MiniCluster, against a real registry. Every bad record reaches the DLQ with the partition and
 * offset Kafka gave it; every good one reaches the output.
 */
@ExtendWith(SharedServices.class)
class DeadLetterPipelineIT {
  private static final Topic<BetPlaced> BETS = Topics.BETS.named("e2e.dlq.bets");
  private static final Topic<BetPlaced> CLEAN = Topics.BETS.named("e2e.dlq.clean-bets");
  private static final Topic<DeadLetter> DLQ = Topics.DLQ.named("e2e.dlq.dead-letters");
  private static final Instant EVENING = Instant.parse("2026-03-06T20:00:00Z");
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @Test
  void shouldRouteEveryBadRecordToTheDeadLetterTopicWithItsCoordinates(
      KafkaBroker kafka, ApicurioRegistry apicurio) throws Exception {
    // Given 40 good bets of 8 players and 4 bad records on a 2-partition topic
    RegistryConfig registry = RegistryConfig.of(apicurio.confluentApiUrl());
    kafka.createTopics(2, BETS.name(), CLEAN.name(), DLQ.name());
    Map<String, BetPlaced> good = new HashMap<>();
    Map<String, Sent> bad = new HashMap<>();
    try (SchemaRegistryClient client = SchemaRegistryClient.create(registry);
        KafkaProducer<byte[], byte[]> producer = kafka.newProducer()) {
      AvroWireSerializer<BetPlaced> wire =
          AvroWireSerializer.forTopic(BETS, client, SchemaRegistration.REGISTER);
      for (int i = 0; i < 40; i++) {
        BetPlaced bet = bet("ev-" + i, "player-" + (i % 8), 100L * i);
        good.put(bet.getEventId(), bet);
        send(producer, bet.getUserId(), wire.serialize(bet));
      }
      byte[] sample = wire.serialize(bet("ev-x", "mallory", 1));
      bad.put("bad-magic-byte", send(producer, "mallory", new byte[] {'{', '}'}));
      bad.put("truncated", send(producer, "mallory", new byte[] {0, 0, 0}));
      byte[] unknown = sample.clone();
      WireFormat.writeHeader(unknown, 2_000_000_001);
      bad.put("unknown-schema-id", send(producer, "mallory", unknown));
      bad.put("field-rule", send(producer, "mallory", wire.serialize(bet("ev-y", "mallory", -5))));
    }

    // When the pipeline runs over the topic at parallelism 2
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(noRestarts());
    env.setParallelism(2);
    build(env, kafka.bootstrapServers(), registry);
    env.execute("dead-letter-pipeline");

    // Then every good bet is in the output, every bad record in the DLQ with its coordinates
    assertThat(readAll(kafka, registry, CLEAN)).containsExactlyInAnyOrderElementsOf(good.values());
    List<DeadLetter> deadLetters = readAll(kafka, registry, DLQ);
    assertThat(deadLetters)
        .extracting(DeadLetter::getReason)
        .containsExactlyInAnyOrderElementsOf(bad.keySet());
    for (DeadLetter letter : deadLetters) {
      Sent sent = bad.get(letter.getReason());
      assertThat(letter.getSourceTopic()).isEqualTo(BETS.name());
      assertThat(letter.getPartition()).as(letter.getReason()).isEqualTo(sent.partition());
      assertThat(letter.getOffset()).as(letter.getReason()).isEqualTo(sent.offset());
      assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(sent.value()));
      assertThat(letter.getKey()).isEqualTo(ByteBuffer.wrap(utf8("mallory")));
      assertThat(letter.getJob()).isEqualTo("e2e");
    }
  }

  /** The pipeline under test, as a job would wire it. */
  private static void build(StreamExecutionEnvironment env, String bootstrap, RegistryConfig reg) {
    KafkaSource<Either<DeadLetter, BetPlaced>> source =
        KafkaSource.<Either<DeadLetter, BetPlaced>>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(BETS.name())
            .setGroupId("e2e-dlq")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setDeserializer(new WireDeserializationSchema<>(BETS, reg, "e2e"))
            .build();
    SingleOutputStreamOperator<BetPlaced> bets =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "bets")
            .uid("bets-source")
            .process(new DeadLetterRouter<>(BETS))
            .uid("dead-letter-router")
            .name("route dead letters");
    bets.sinkTo(sink(bootstrap, reg, CLEAN)).uid("clean-sink").name("clean bets");
    bets.getSideOutput(DeadLetterOutput.TAG)
        .sinkTo(sink(bootstrap, reg, DLQ))
        .uid("dlq-sink")
        .name("dead letters");
  }

  private static <T extends SpecificRecordBase> KafkaSink<T> sink(
      String bootstrap, RegistryConfig registry, Topic<T> topic) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrap)
        .setRecordSerializer(
            new WireSerializationSchema<>(topic, registry, SchemaRegistration.REGISTER))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  private static <T extends SpecificRecordBase> List<T> readAll(
      KafkaBroker kafka, RegistryConfig registry, Topic<T> topic) {
    List<T> records = new ArrayList<>();
    try (SchemaRegistryClient client = SchemaRegistryClient.create(registry)) {
      AvroWireDecoder<T> decoder = new AvroWireDecoder<>(topic, client, "test");
      for (ConsumerRecord<byte[], byte[]> r : kafka.readAllCommitted(topic.name(), READ_TIMEOUT)) {
        records.add(
            decoder.decode(r.topic(), r.partition(), r.offset(), r.key(), r.value(), -1).record());
      }
    }
    return records;
  }

  private static Configuration noRestarts() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }

  private record Sent(int partition, long offset, byte[] value) {}

  private static Sent send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value)
      throws Exception {
    RecordMetadata meta = producer.send(new ProducerRecord<>(BETS.name(), utf8(key), value)).get();
    return new Sent(meta.partition(), meta.offset(), value);
  }

  private static BetPlaced bet(String eventId, String userId, long stake) {
    return BetPlaced.newBuilder()
        .setEventId(eventId)
        .setOccurredAt(EVENING)
        .setUserId(userId)
        .setBetId("bet-" + eventId)
        .setGameId("roulette")
        .setRoundId("round-1")
        .setSessionId("sess-" + userId)
        .setStake(stake)
        .setCurrency("EUR")
        .build();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package dev.croupier.udfs.kafka;

import static dev.croupier.schemas.SampleRecords.EVENING;
import static dev.croupier.schemas.SampleRecords.bet;
import static dev.croupier.schemas.SampleRecords.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.registry.SchemaRegistryException;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.schemas.wire.Spoiled;
import dev.croupier.schemas.wire.WireFormat;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.SharedServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input through the Flink source schema and a real registry: every class of bad bytes becomes a
 * dead letter carrying its Kafka coordinates and raw bytes, the reason's counter moves, nothing
 * throws; an unreachable registry does throw.
 */
@ExtendWith(SharedServices.class)
class WireDeserializationSchemaIT {

  private static RegistryConfig registry;

  @BeforeAll
  static void registry(ApicurioRegistry apicurio) {
    registry = RegistryConfig.of(apicurio.confluentApiUrl());
  }

  private static final Topic<BetPlaced> BETS = Topics.BETS.named("it.bad-input.bets");
  private static final byte[] KEY = "alice".getBytes(StandardCharsets.UTF_8);
  private static final long TS = EVENING.toEpochMilli();
  private static final int PARTITION = 1;

  private final MeteredContext context = new MeteredContext();
  private final WireDeserializationSchema<BetPlaced> source =
      new WireDeserializationSchema<>(BETS, registry, "balances");
  private SchemaRegistryClient client;
  private long nextOffset = 100;

  @BeforeEach
  void open() {
    client = SchemaRegistryClient.create(registry);
    source.open(context);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void shouldDeadLetterEveryClassOfBadInputAndCountItsReason() throws Exception {
    // Given a good bet and bytes derived from it
    byte[] good =
        AvroWireSerializer.forTopic(BETS, client, SchemaRegistration.REGISTER)
            .serialize(bet(2_500));
    int betId = WireFormat.schemaId(good);
    byte[] negativeStake =
        AvroWireSerializer.forTopic(BETS, client, SchemaRegistration.REGISTER).serialize(bet(-5));
    byte[] payment =
        AvroWireSerializer.forTopic(
                Topics.PAYMENTS.named("it.bad-input.payments"), client, SchemaRegistration.REGISTER)
            .serialize(payment());

    // When each arrives, Then it is dead-lettered with its reason and coordinates
    assertDeadLetter(null, "null-value", null);
    assertDeadLetter(new byte[] {0, 0}, "truncated", null);
    assertDeadLetter(Spoiled.magicByte(good, '{'), "bad-magic-byte", null);
    assertDeadLetter(Spoiled.schemaId(good, 987_654_321), "unknown-schema-id", 987_654_321);
    assertDeadLetter(Spoiled.trailing(good, 1), "corrupt-body", betId);
    assertDeadLetter(Spoiled.cut(good, 4), "corrupt-body", betId);
    assertDeadLetter(negativeStake, "field-rule", betId);
    assertDeadLetter(payment, "schema-mismatch", WireFormat.schemaId(payment));
    Either<DeadLetter, BetPlaced> fine = deserialize(good);

    // And the good one goes through; every counter moved by exactly its count
    assertThat(fine).isEqualTo(Either.Right(bet(2_500)));
    assertThat(context.decodedRecords()).isEqualTo(1);
    assertThat(context.deadLetters("null-value")).isEqualTo(1);
    assertThat(context.deadLetters("truncated")).isEqualTo(1);
    assertThat(context.deadLetters("bad-magic-byte")).isEqualTo(1);
    assertThat(context.deadLetters("unknown-schema-id")).isEqualTo(1);
    assertThat(context.deadLetters("corrupt-body")).isEqualTo(2);
    assertThat(context.deadLetters("field-rule")).isEqualTo(1);
    assertThat(context.deadLetters("schema-mismatch")).isEqualTo(1);
  }

  @Test
  void shouldExplainAFieldRuleViolationInTheDetail() throws Exception {
    byte[] negativeStake =
        AvroWireSerializer.forTopic(BETS, client, SchemaRegistration.REGISTER).serialize(bet(-5));

    DeadLetter letter = deserialize(negativeStake).left();

    assertThat(letter.getDetail()).isEqualTo("stake must be >= 0, was -5");
    assertThat(letter.getJob()).isEqualTo("balances");
    assertThat(letter.getRecordTimestamp()).isEqualTo(EVENING);
  }

  @Test
  void shouldMarkLateOnlyWhatTrailsItsOwnPartitionAndDeadLetterTheFuture() throws Exception {
    // Given a leaderboard-like source: 1 h ahead at most, 10 s of disorder per partition
    WireDeserializationSchema<BetPlaced> bounded =
        new WireDeserializationSchema<>(
            BETS,
            registry,
            "leaderboard",
            RegistryClientFactory.rest(),
            EventTimeBounds.of(Duration.ofHours(1), Duration.ofSeconds(10)));
    MeteredContext metered = new MeteredContext();
    bounded.open(metered);
    List<String> seen = new ArrayList<>();
    org.apache.flink.util.Collector<Either<DeadLetter, BetPlaced>> out =
        new org.apache.flink.util.Collector<>() {
          @Override
          public void collect(Either<DeadLetter, BetPlaced> e) {
            seen.add(
                e.isLeft()
                    ? e.left().getReason()
                    : DecodedRecords.isLate(e) && DecodedRecords.isLate(e.right())
                        ? "late"
                        : "on time");
          }

          @Override
          public void close() {}
        };

    // When bets of partitions 3 and 0 arrive (times relative to their Kafka timestamp)
    long[][] arrivals = {
      {3, 0}, {0, -60_000}, {3, -11_000}, {3, -10_000}, {0, -55_000}, {3, 7_200_000}, {3, -11_000}
    };
    for (long[] a : arrivals) {
      BetPlaced b = bet(100);
      b.setOccurredAt(EVENING.plusMillis(a[1]));
      byte[] value =
          AvroWireSerializer.forTopic(BETS, client, SchemaRegistration.REGISTER).serialize(b);
      bounded.deserialize(record(value, (int) a[0]), out);
    }

    // Then only what trails its own partition's newest time by more than 10 s is late, and the
    // record 2 h ahead is a dead letter that moves no partition's newest time
    assertThat(seen)
        .containsExactly(
            "on time", "on time", "late", "on time", "on time", "future-event-time", "late");
    assertThat(metered.deadLetters("future-event-time")).isEqualTo(1);
    assertThat(metered.decodedRecords()).isEqualTo(6);
  }

  @Test
  void shouldFailLoudlyWhenTheRegistryCannotBeReached() throws Exception {
    // Given a source whose registry is down (nothing listens on its port)
    RegistryConfig down =
        RegistryConfig.builder("http://127.0.0.1:" + closedPort() + "/apis/ccompat/v7")
            .retries(1, Duration.ofMillis(10))
            .build();
    WireDeserializationSchema<BetPlaced> blind =
        new WireDeserializationSchema<>(BETS, down, "balances");
    blind.open(new MeteredContext());
    byte[] good =
        AvroWireSerializer.forTopic(BETS, client, SchemaRegistration.REGISTER).serialize(bet(1));

    // When a good record arrives, Then it throws so Flink restarts instead of dead-lettering it
    assertThatThrownBy(
            () -> blind.deserialize(record(good), new ListCollector<>(new ArrayList<>())))
        .isInstanceOf(SchemaRegistryException.class);
  }

  private void assertDeadLetter(byte[] value, String reason, Integer schemaId) throws Exception {
    long offset = nextOffset;
    Either<DeadLetter, BetPlaced> out = deserialize(value);

    assertThat(out.isLeft()).as(reason).isTrue();
    DeadLetter letter = out.left();
    assertThat(letter.getReason()).isEqualTo(reason);
    assertThat(letter.getSourceTopic()).isEqualTo(BETS.name());
    assertThat(letter.getPartition()).isEqualTo(PARTITION);
    assertThat(letter.getOffset()).isEqualTo(offset);
    assertThat(letter.getKey()).isEqualTo(ByteBuffer.wrap(KEY));
    assertThat(letter.getValue()).isEqualTo(value == null ? null : ByteBuffer.wrap(value));
    assertThat(letter.getSchemaId()).as(reason).isEqualTo(schemaId);
    assertThat(letter.getRecordTimestamp()).isEqualTo(EVENING);
    assertThat(letter.getJob()).isEqualTo("balances");
  }

  private Either<DeadLetter, BetPlaced> deserialize(byte[] value) throws IOException {
    List<Either<DeadLetter, BetPlaced>> out = new ArrayList<>();
    source.deserialize(record(value), new ListCollector<>(out));
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private ConsumerRecord<byte[], byte[]> record(byte[] value) {
    return record(value, PARTITION);
  }

  private ConsumerRecord<byte[], byte[]> record(byte[] value, int partition) {
    return new ConsumerRecord<>(
        BETS.name(),
        partition,
        nextOffset++,
        TS,
        TimestampType.CREATE_TIME,
        KEY.length,
        value == null ? -1 : value.length,
        KEY,
        value,
        new RecordHeaders(),
        Optional.empty());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

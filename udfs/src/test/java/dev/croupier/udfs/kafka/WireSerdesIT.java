package dev.croupier.udfs.kafka;

import static dev.croupier.schemas.SampleRecords.EVENING;
import static dev.croupier.schemas.SampleRecords.bet;
import static dev.croupier.schemas.SampleRecords.settled;
import static dev.croupier.schemas.SchemaVersions.asVersion;
import static dev.croupier.schemas.SchemaVersions.stringField;
import static dev.croupier.schemas.SchemaVersions.with;
import static dev.croupier.schemas.SchemaVersions.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.SampleRecords;
import dev.croupier.schemas.SampleRecords.Sample;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.registry.IncompatibleSchemaException;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireDecoder;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.SharedServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The serdes through a real registry (Apicurio, Confluent API, BACKWARD): every record type
 * round-trips, older and newer compatible writers read, an incompatible version is refused.
 */
@ExtendWith(SharedServices.class)
class WireSerdesIT {

  private static RegistryConfig registry;

  @BeforeAll
  static void registry(ApicurioRegistry apicurio) {
    registry = RegistryConfig.of(apicurio.confluentApiUrl());
  }

  private final List<SchemaRegistryClient> clients = new ArrayList<>();
  private String prefix;

  @BeforeEach
  void prefix(TestInfo test) {
    prefix = "it." + test.getTestMethod().orElseThrow().getName() + ".";
  }

  @AfterEach
  void closeClients() {
    clients.forEach(SchemaRegistryClient::close);
  }

  @Test
  void shouldRoundTripEveryRecordTypeThroughTheRegistry() throws Exception {
    for (Sample<?> sample : SampleRecords.everyTopic()) {
      roundTrip(sample);
    }
  }

  @Test
  void shouldReadRecordsWrittenBeforeAFieldWasAdded() {
    // Given a producer on the BetSettled of before counterpartyUserId, and then the current one
    Topic<BetSettled> rounds = Topics.ROUNDS.named(prefix + "rounds");
    Schema v1 = without(BetSettled.getClassSchema(), "counterpartyUserId");
    byte[] oldBytes =
        AvroWireSerializer.generic(rounds.subject(), v1, client(), SchemaRegistration.REGISTER)
            .serialize(asVersion(v1, settled()));
    byte[] newBytes =
        AvroWireSerializer.forTopic(rounds, client(), SchemaRegistration.REGISTER)
            .serialize(settled());

    // When a consumer with the current class reads both
    AvroWireDecoder<BetSettled> decoder = new AvroWireDecoder<>(rounds, client(), "it");
    BetSettled fromOld = decoder.decode(rounds.name(), 0, 0, null, oldBytes, -1).record();
    BetSettled fromNew = decoder.decode(rounds.name(), 0, 1, null, newBytes, -1).record();

    // Then the old record reads with the new field's default, the new one as written
    BetSettled expectedOld = settled();
    expectedOld.setCounterpartyUserId(null);
    assertThat(fromOld).isEqualTo(expectedOld);
    assertThat(fromNew).isEqualTo(settled());
  }

  @Test
  void shouldReadRecordsFromAProducerAheadOfUs() {
    // Given a producer already on a v2 of BetPlaced that adds a defaulted field
    Topic<BetPlaced> bets = Topics.BETS.named(prefix + "bets");
    AvroWireSerializer.forTopic(bets, client(), SchemaRegistration.REGISTER).schemaId();
    Schema v2 = with(BetPlaced.getClassSchema(), stringField("channel", "web"));
    GenericRecord record = asVersion(v2, bet(1_500));
    record.put("channel", "mobile");
    byte[] bytes =
        AvroWireSerializer.generic(bets.subject(), v2, client(), SchemaRegistration.REGISTER)
            .serialize(record);

    // When the current class reads it, Then the unknown field is skipped
    assertThat(
            new AvroWireDecoder<>(bets, client(), "it")
                .decode(bets.name(), 0, 0, null, bytes, -1)
                .record())
        .isEqualTo(bet(1_500));
  }

  @Test
  void shouldRefuseAnIncompatibleNextVersion() {
    // Given the current BetPlaced registered
    Topic<BetPlaced> bets = Topics.BETS.named(prefix + "bets");
    AvroWireSerializer.forTopic(bets, client(), SchemaRegistration.REGISTER).schemaId();
    Schema v2 = with(BetPlaced.getClassSchema(), stringField("channel", null));

    // When a producer tries a v2 whose new field has no default, Then the registry refuses it
    assertThatThrownBy(
            () ->
                AvroWireSerializer.generic(
                        bets.subject(), v2, client(), SchemaRegistration.REGISTER)
                    .serialize(asVersion(v2, bet(1))))
        .isInstanceOf(IncompatibleSchemaException.class);
  }

  private <T extends SpecificRecordBase> void roundTrip(Sample<T> sample) throws Exception {
    Topic<T> topic = sample.topic().named(prefix + sample.topic().name());
    T record = sample.record();

    // Written by the plain serializer and by the Flink sink's schema
    byte[] plain =
        AvroWireSerializer.forTopic(topic, client(), SchemaRegistration.REGISTER).serialize(record);
    WireSerializationSchema<T> sink =
        new WireSerializationSchema<>(topic, registry, SchemaRegistration.LOOKUP_ONLY);
    sink.open(new MeteredContext(), null);
    ProducerRecord<byte[], byte[]> produced = sink.serialize(record, null, EVENING.toEpochMilli());

    // Read by the plain decoder (a fresh client: the schema comes from the registry) and by Flink's
    T decoded =
        new AvroWireDecoder<>(topic, client(), "it")
            .decode(topic.name(), 0, 0, null, plain, -1)
            .record();
    WireDeserializationSchema<T> source = new WireDeserializationSchema<>(topic, registry, "it");
    MeteredContext context = new MeteredContext();
    source.open(context);
    List<Either<DeadLetter, T>> out = new ArrayList<>();
    source.deserialize(consumerRecord(produced), new ListCollector<>(out));

    assertThat(decoded).as(topic.name()).isEqualTo(record);
    assertThat(produced.value()).as(topic.name()).isEqualTo(plain);
    assertThat(produced.topic()).isEqualTo(topic.name());
    assertThat(produced.key()).isEqualTo(topic.keyBytesOf(record));
    // The Kafka timestamp is the broker's append time, never the (possibly far-off) event time.
    assertThat(produced.timestamp()).isNull();
    assertThat(out).as(topic.name()).containsExactly(Either.Right(record));
    assertThat(context.decodedRecords()).isEqualTo(1);
  }

  private static ConsumerRecord<byte[], byte[]> consumerRecord(ProducerRecord<byte[], byte[]> p) {
    return new ConsumerRecord<>(
        p.topic(),
        0,
        0L,
        EVENING.toEpochMilli(),
        TimestampType.LOG_APPEND_TIME,
        -1,
        -1,
        p.key(),
        p.value(),
        new RecordHeaders(),
        Optional.empty());
  }

  private SchemaRegistryClient client() {
    SchemaRegistryClient client = SchemaRegistryClient.create(registry);
    clients.add(client);
    return client;
  }
}

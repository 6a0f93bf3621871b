package dev.croupier.schemas.wire;

import static dev.croupier.schemas.SampleRecords.EVENING;
import static dev.croupier.schemas.SampleRecords.bet;
import static dev.croupier.schemas.SampleRecords.payment;
import static dev.croupier.schemas.SampleRecords.settled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.SampleRecords;
import dev.croupier.schemas.SampleRecords.Sample;
import dev.croupier.schemas.SchemaVersions;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.registry.InMemorySchemaRegistryClient;
import dev.croupier.schemas.registry.SchemaRegistryException;
import dev.croupier.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/** The decoder's logic against an in-memory registry; the real-registry tests are the *IT. */
class AvroWireDecoderTest {

  private static final byte[] KEY = "alice".getBytes(StandardCharsets.UTF_8);
  private static final long TS = EVENING.toEpochMilli();

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final AvroWireDecoder<BetPlaced> bets =
      new AvroWireDecoder<>(Topics.BETS, registry, "test-job");

  @Test
  void shouldReadBackEveryRecordType() {
    for (Sample<?> sample : SampleRecords.everyTopic()) {
      assertThat(roundTrip(sample)).as(sample.topic().name()).isEqualTo(sample.record());
    }
  }

  @Test
  void shouldFillAFieldMissingFromAnOlderWriterWithItsDefault() {
    // Given a producer still on the version of BetSettled before counterpartyUserId existed
    Schema v1 = SchemaVersions.without(BetSettled.getClassSchema(), "counterpartyUserId");
    BetSettled expected = settled();
    GenericRecord old = SchemaVersions.asVersion(v1, expected);
    byte[] bytes =
        AvroWireSerializer.generic(
                "platform.rounds-value", v1, registry, SchemaRegistration.REGISTER)
            .serialize(old);

    // When the current class reads it
    Decoded<BetSettled> decoded =
        new AvroWireDecoder<>(Topics.ROUNDS, registry, "")
            .decode("platform.rounds", 0, 7, KEY, bytes, TS);

    // Then every field is there and the new one has its default
    expected.setCounterpartyUserId(null);
    assertThat(decoded.record()).isEqualTo(expected);
  }

  @Test
  void shouldDeadLetterEveryClassOfBadBytesWithItsReason() {
    byte[] good = wire(Topics.BETS, bet(2_500));
    int id = WireFormat.schemaId(good);

    assertDead(null, DeadLetterReason.NULL_VALUE, null);
    assertDead(new byte[0], DeadLetterReason.TRUNCATED, null);
    assertDead(new byte[] {0, 0, 0}, DeadLetterReason.TRUNCATED, null);
    assertDead(Spoiled.magicByte(good, 1), DeadLetterReason.BAD_MAGIC_BYTE, null);
    assertDead(
        "{\"json\":1}".getBytes(StandardCharsets.UTF_8), DeadLetterReason.BAD_MAGIC_BYTE, null);
    assertDead(Spoiled.schemaId(good, 424_242), DeadLetterReason.UNKNOWN_SCHEMA_ID, 424_242);
    assertDead(Spoiled.trailing(good, 2), DeadLetterReason.CORRUPT_BODY, id);
    assertDead(Spoiled.cut(good, 3), DeadLetterReason.CORRUPT_BODY, id);
    assertDead(WireFormat.header(id), DeadLetterReason.CORRUPT_BODY, id);
    assertDead(wire(Topics.BETS, bet(-5)), DeadLetterReason.FIELD_RULE, id);
    assertDead(wire(Topics.PAYMENTS, payment()), DeadLetterReason.SCHEMA_MISMATCH, null);
  }

  @Test
  void shouldExplainTheDeadLetterInItsDetail() {
    DeadLetter negative =
        bets.decode("platform.bets", 0, 1, KEY, wire(Topics.BETS, bet(-5)), TS).deadLetter();
    byte[] good = wire(Topics.BETS, bet(1));
    DeadLetter leftover =
        bets.decode("platform.bets", 0, 1, KEY, Spoiled.trailing(good, 2), TS).deadLetter();

    assertThat(negative.getDetail()).isEqualTo("stake must be >= 0, was -5");
    assertThat(leftover.getDetail())
        .isEqualTo("2 bytes left after the record (schema id " + WireFormat.schemaId(good) + ")");
  }

  @Test
  void shouldFetchEachWriterSchemaOnlyOnce() {
    byte[] bytes = wire(Topics.BETS, bet(1));

    for (int i = 0; i < 5; i++) {
      assertThat(bets.decode("platform.bets", 0, i, KEY, bytes, TS).isRecord()).isTrue();
    }

    assertThat(registry.getByIdCalls).hasValue(1);
  }

  @Test
  void shouldKeepEachIdsVerdictWhenWriterSchemasAlternate() {
    // Given a readable writer schema, one that cannot be read as BetPlaced, and an unknown id
    byte[] good = wire(Topics.BETS, bet(1));
    byte[] foreign = wire(Topics.PAYMENTS, payment());
    byte[] unknown = Spoiled.schemaId(good, 424_242);

    // When records of the three ids alternate
    for (int i = 0; i < 3; i++) {
      // Then each keeps its own verdict, and each id is asked once
      assertThat(bets.decode("platform.bets", 0, i, KEY, good, TS).isRecord()).isTrue();
      assertThat(bets.decode("platform.bets", 0, i, KEY, foreign, TS).reason())
          .isEqualTo(DeadLetterReason.SCHEMA_MISMATCH);
      assertThat(bets.decode("platform.bets", 0, i, KEY, good, TS).isRecord()).isTrue();
      assertThat(bets.decode("platform.bets", 0, i, KEY, unknown, TS).reason())
          .isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA_ID);
    }
    assertThat(bets.registryRequests()).isEqualTo(3);
  }

  @Test
  void shouldDeadLetterAnIdOfAForeignSchemaTypeAndAskOnlyOnce() {
    registry.addForeign(77, "PROTOBUF");
    byte[] protobuf = Spoiled.schemaId(wire(Topics.BETS, bet(1)), 77);

    for (int i = 0; i < 3; i++) {
      assertDead(protobuf, DeadLetterReason.FOREIGN_SCHEMA, 77);
    }

    assertThat(bets.decode("platform.bets", 0, 0, KEY, protobuf, TS).deadLetter().getDetail())
        .contains("schema id 77 cannot be read as Avro", "PROTOBUF");
    assertThat(registry.getByIdCalls).hasValue(1); // once for id 77, then remembered
  }

  @Test
  void shouldAskAboutAnUnknownIdOnceWhileItsAbsenceIsCached() {
    byte[] unknown = Spoiled.schemaId(wire(Topics.BETS, bet(1)), 424_242);
    int before = registry.getByIdCalls.get();

    for (int i = 0; i < 1_000; i++) {
      assertThat(bets.decode("platform.bets", 0, i, KEY, unknown, TS).reason())
          .isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA_ID);
    }

    assertThat(registry.getByIdCalls.get() - before).isEqualTo(1);
  }

  @Test
  void shouldWaitForAnIdThatAReplicaHasNotSeenYetInsteadOfDeadLetteringIt() {
    // Given a schema the registry answers 404 for on the first three lookups
    byte[] good = wire(Topics.BETS, bet(1));
    int id = WireFormat.schemaId(good);
    registry.hide(id, 3);
    AvroWireDecoder<BetPlaced> patient =
        new AvroWireDecoder<>(
            Topics.BETS, registry, "job", Duration.ofSeconds(5), Duration.ofMinutes(1));

    // When a record written with it arrives
    Decoded<BetPlaced> decoded = patient.decode("platform.bets", 0, 0, KEY, good, TS);

    // Then it is read once the id appears, not dead-lettered
    assertThat(decoded.isRecord()).isTrue();
    assertThat(patient.registryRequests()).isEqualTo(4);
  }

  @Test
  void shouldSpendTheRetryWindowOnlyOnceOnAFloodOfDistinctUnknownIds() {
    byte[] good = wire(Topics.BETS, bet(1));
    AvroWireDecoder<BetPlaced> patient =
        new AvroWireDecoder<>(
            Topics.BETS, registry, "job", Duration.ofMillis(300), Duration.ofMinutes(1));
    long start = System.nanoTime();

    for (int id = 1; id <= 50; id++) {
      assertThat(
              patient.decode("platform.bets", 0, id, KEY, Spoiled.schemaId(good, id), TS).reason())
          .isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA_ID);
    }

    // One window of 300 ms for the first id, then one request per new id and no waiting
    Duration spent = Duration.ofNanos(System.nanoTime() - start);
    assertThat(spent).isLessThan(Duration.ofMillis(300 * 5));
    assertThat(patient.registryRequests()).isBetween(50L, 50L + 10);
  }

  @Test
  void shouldCallAHugeLengthPrefixACorruptBodyAndCopyOnlyABoundedPrefix() {
    // A string field claiming 2^30 bytes (zig-zag varint), far more than the value holds
    byte[] header = WireFormat.header(WireFormat.schemaId(wire(Topics.BETS, bet(1))));
    byte[] huge = java.util.Arrays.copyOf(header, header.length + 5 + 1_048_576);
    byte[] varint = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
    System.arraycopy(varint, 0, huge, header.length, varint.length);

    DeadLetter letter = bets.decode("platform.bets", 0, 1, KEY, huge, TS).deadLetter();

    assertThat(letter.getReason()).isEqualTo("corrupt-body");
    assertThat(letter.getValue().remaining()).isEqualTo(DeadLetters.MAX_COPIED_BYTES);
    assertThat(letter.getValueSize()).isEqualTo(huge.length);
    assertThat(letter.getValueSha256()).isEqualTo(DeadLetters.sha256(huge));
  }

  @Test
  void shouldThrowRatherThanDeadLetterWhenTheRegistryIsDown() {
    byte[] bytes = wire(Topics.BETS, bet(1));
    registry.goDown();

    assertThatThrownBy(() -> bets.decode("platform.bets", 0, 0, KEY, bytes, TS))
        .isInstanceOf(SchemaRegistryException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(503));
  }

  private void assertDead(byte[] value, DeadLetterReason reason, Integer schemaId) {
    Decoded<BetPlaced> decoded = bets.decode("platform.bets", 3, 99L, KEY, value, TS);

    assertThat(decoded.isRecord()).as(reason.code()).isFalse();
    assertThat(decoded.reason()).isEqualTo(reason);
    DeadLetter letter = decoded.deadLetter();
    assertThat(letter.getReason()).isEqualTo(reason.code());
    assertThat(letter.getSourceTopic()).isEqualTo("platform.bets");
    assertThat(letter.getPartition()).isEqualTo(3);
    assertThat(letter.getOffset()).isEqualTo(99L);
    assertThat(letter.getKey()).isEqualTo(ByteBuffer.wrap(KEY));
    assertThat(letter.getValue()).isEqualTo(value == null ? null : ByteBuffer.wrap(value));
    assertThat(letter.getRecordTimestamp()).isEqualTo(EVENING);
    assertThat(letter.getJob()).isEqualTo("test-job");
    assertThat(letter.getDetail()).isNotBlank();
    if (schemaId != null) {
      assertThat(letter.getSchemaId()).isEqualTo(schemaId);
    }
  }

  private <T extends SpecificRecordBase> byte[] wire(
      dev.croupier.schemas.topics.Topic<T> topic, T r) {
    return AvroWireSerializer.forTopic(topic, registry, SchemaRegistration.REGISTER).serialize(r);
  }

  private <T extends SpecificRecordBase> T roundTrip(Sample<T> sample) {
    byte[] bytes = wire(sample.topic(), sample.record());
    return new AvroWireDecoder<>(sample.topic(), registry, "")
        .decode(sample.topic().name(), 0, 0, null, bytes, -1)
        .record();
  }
}

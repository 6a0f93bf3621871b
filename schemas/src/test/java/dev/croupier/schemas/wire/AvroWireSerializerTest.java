package dev.croupier.schemas.wire;

import static dev.croupier.schemas.SampleRecords.bet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.registry.InMemorySchemaRegistryClient;
import dev.croupier.schemas.registry.SchemaNotFoundException;
import dev.croupier.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class AvroWireSerializerTest {

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  @Test
  void shouldRegisterTheSchemaOnceAndPrefixEveryRecordWithItsId() {
    AvroWireSerializer<BetPlaced> serializer =
        AvroWireSerializer.forTopic(Topics.BETS, registry, SchemaRegistration.REGISTER);

    byte[] first = serializer.serialize(bet(100));
    byte[] second = serializer.serialize(bet(200));
    serializer.serialize(bet(300));

    int id = registry.getLatest("platform.bets-value").id();
    assertThat(registry.registerCalls).hasValue(1);
    assertThat(Arrays.copyOf(first, 5)).containsExactly(WireFormat.header(id));
    assertThat(Arrays.copyOf(second, 5)).containsExactly(WireFormat.header(id));
    assertThat(serializer.schemaId()).isEqualTo(id);
  }

  @Test
  void shouldOnlyLookUpWhenRegistrationIsNotAllowed() {
    int id = registry.register("platform.bets-value", BetPlaced.getClassSchema());
    AvroWireSerializer<BetPlaced> serializer =
        AvroWireSerializer.forTopic(Topics.BETS, registry, SchemaRegistration.LOOKUP_ONLY);

    serializer.serialize(bet(1));
    serializer.serialize(bet(2));

    assertThat(serializer.schemaId()).isEqualTo(id);
    assertThat(registry.getIdCalls).hasValue(1);
    assertThat(registry.registerCalls).hasValue(1); // only the test's own registration
  }

  @Test
  void shouldFailLoudlyWhenALookUpOnlySchemaIsMissing() {
    AvroWireSerializer<BetPlaced> serializer =
        AvroWireSerializer.forTopic(
            Topics.BETS.named("unregistered"), registry, SchemaRegistration.LOOKUP_ONLY);

    assertThatThrownBy(() -> serializer.serialize(bet(1)))
        .isInstanceOf(SchemaNotFoundException.class);
  }

  @Test
  void shouldWriteANullRecordAsATombstone() {
    AvroWireSerializer<BetPlaced> serializer =
        AvroWireSerializer.forTopic(Topics.BETS, registry, SchemaRegistration.REGISTER);

    assertThat(serializer.serialize(null)).isNull();
    assertThat(registry.registerCalls).hasValue(0);
  }

  /** The wire bytes as written with a fresh buffer and encoder: what the reused ones must match. */
  private static byte[] freshlyEncoded(int id, BetPlaced record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(WireFormat.header(id));
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(BetPlaced.class).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static BetPlaced withSession(String sessionId) {
    BetPlaced b = bet(7);
    b.setSessionId(sessionId);
    return b;
  }

  @Test
  void shouldWriteEachRecordExactlyWhateverCameBeforeIt() throws Exception {
    // Given records of growing and shrinking size, one past the buffer a thread keeps, and one the
    // writer refuses between them
    AvroWireSerializer<BetPlaced> serializer =
        AvroWireSerializer.forTopic(Topics.BETS, registry, SchemaRegistration.REGISTER);
    List<BetPlaced> records =
        List.of(
            bet(1),
            withSession("s".repeat(1_000)),
            bet(Long.MAX_VALUE),
            withSession("ü".repeat(AvroWireSerializer.MAX_KEPT_BUFFER)),
            bet(-1),
            withSession(""));
    BetPlaced refused = bet(2);
    refused.setCurrency(null);

    for (BetPlaced r : records) {
      // Then each is written as a fresh encoder writes it
      byte[] wire = serializer.serialize(r);
      assertThat(wire).isEqualTo(freshlyEncoded(serializer.schemaId(), r));
      assertThatThrownBy(() -> serializer.serialize(refused)).isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void shouldWriteFromManyThreadsAtOnce() throws Exception {
    // Given one serializer shared by four threads, each writing records of its own size
    AvroWireSerializer<BetPlaced> serializer =
        AvroWireSerializer.forTopic(Topics.BETS, registry, SchemaRegistration.REGISTER);
    int id = serializer.schemaId();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        BetPlaced r = withSession("t".repeat(1 + t * 300));
        byte[] expected = freshlyEncoded(id, r);
        wrong.add(
            threads.submit(
                () -> {
                  int bad = 0;
                  for (int i = 0; i < 20_000; i++) {
                    bad += Arrays.equals(serializer.serialize(r), expected) ? 0 : 1;
                  }
                  return bad;
                }));
      }
      // Then every record of every thread is exact
      for (Future<Integer> w : wrong) {
        assertThat(w.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      threads.shutdownNow();
    }
  }
}

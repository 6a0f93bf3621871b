package dev.croupier.schemas.wire;

import static dev.croupier.schemas.SampleRecords.EVENING;
import static dev.croupier.schemas.SampleRecords.bet;
import static dev.croupier.schemas.SampleRecords.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.croupier.schemas.SchemaVersions;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.registry.CompatibilityLevel;
import dev.croupier.schemas.registry.IncompatibleSchemaException;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.SharedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the decoder makes of the registry's awkward answers, against a real Apicurio registry: ids
 * of JSON and Protobuf schemas, a producer's BACKWARD-compatible evolution (a new optional field, a
 * new enum symbol) and one the registry must refuse, ids a lagging replica has not seen yet, and a
 * flood of one unknown id.
 */
@ExtendWith(SharedServices.class)
class RegistryEdgeCasesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] KEY = "alice".getBytes(StandardCharsets.UTF_8);

  private final ApicurioRegistry apicurio;
  private SchemaRegistryClient client;
  private String suffix;

  RegistryEdgeCasesIT(ApicurioRegistry apicurio) {
    this.apicurio = apicurio;
  }

  @BeforeEach
  void connect(TestInfo test) {
    client = SchemaRegistryClient.create(RegistryConfig.of(apicurio.confluentApiUrl()));
    suffix = "." + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  @Test
  void shouldDeadLetterRecordsWhoseIdNamesAJsonOrProtobufSchema() throws Exception {
    // Given a producer that used a JSON, another a Protobuf serializer, each with its schema id
    int json =
        registerRaw(
            "platform.bets-value" + suffix + ".json",
            "JSON",
            "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                + "\"properties\":{\"id\":{\"type\":\"string\"}}}");
    int protobuf =
        registerRaw(
            "platform.bets-value" + suffix + ".proto",
            "PROTOBUF",
            "syntax = \"proto3\";\nmessage Bet { string id = 1; }\n");
    AvroWireDecoder<BetPlaced> decoder = new AvroWireDecoder<>(Topics.BETS, client, "it");

    // When their records arrive on the bets topic
    Decoded<BetPlaced> fromJson = decoder.decode(raw(WireFormat.header(json)));
    Decoded<BetPlaced> fromProtobuf = decoder.decode(raw(WireFormat.header(protobuf)));

    // Then each is a dead letter with its own reason, not an exception that restarts the job
    assertThat(fromJson.reason()).isEqualTo(DeadLetterReason.FOREIGN_SCHEMA);
    assertThat(fromJson.deadLetter().getDetail()).contains("JSON");
    assertThat(fromProtobuf.reason()).isEqualTo(DeadLetterReason.FOREIGN_SCHEMA);
    assertThat(fromProtobuf.deadLetter().getSchemaId()).isEqualTo(protobuf);
  }

  @Test
  void shouldReadANewEnumSymbolAsUnknownAndIgnoreANewOptionalField() {
    // Given the payments subject at BACKWARD, and a producer's next version: a new payment kind
    // CASHBACK and a new optional field
    String subject = "platform.payments-value" + suffix;
    client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
    client.register(subject, PaymentEvent.getClassSchema());
    Schema v2 = nextPaymentVersion(PaymentEvent.getClassSchema());

    // When the producer registers it and writes a deposit and a cashback
    assertThat(client.isCompatible(subject, v2)).isTrue();
    AvroWireSerializer<GenericRecord> writer =
        AvroWireSerializer.generic(subject, v2, client, SchemaRegistration.REGISTER);
    GenericRecord deposit = SchemaVersions.asVersion(v2, payment());
    deposit.put("channel", "mobile");
    GenericRecord cashback = SchemaVersions.asVersion(v2, payment());
    cashback.put("kind", new GenericData.EnumSymbol(v2.getField("kind").schema(), "CASHBACK"));
    AvroWireDecoder<PaymentEvent> decoder = new AvroWireDecoder<>(Topics.PAYMENTS, client, "it");
    Decoded<PaymentEvent> readDeposit = decoder.decode(raw(writer.serialize(deposit)));
    Decoded<PaymentEvent> readCashback = decoder.decode(raw(writer.serialize(cashback)));

    // Then the deposit reads as before and the cashback reads as the enum's default, UNKNOWN
    assertThat(readDeposit.isRecord()).as("%s", readDeposit).isTrue();
    assertThat(readDeposit.record()).isEqualTo(payment());
    assertThat(readCashback.isRecord()).as("%s", readCashback).isTrue();
    assertThat(readCashback.record().getKind()).isEqualTo(PaymentKind.UNKNOWN);
    assertThat(readCashback.record().getAmount()).isEqualTo(payment().getAmount());
  }

  @Test
  void shouldRefuseAVersionThatCannotReadWhatWasWritten() {
    String subject = "platform.payments-value" + suffix;
    client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
    client.register(subject, PaymentEvent.getClassSchema());
    Schema amountAsText = retyped(PaymentEvent.getClassSchema(), "amount", "string");

    assertThat(client.isCompatible(subject, amountAsText)).isFalse();
    assertThatThrownBy(() -> client.register(subject, amountAsText))
        .isInstanceOf(IncompatibleSchemaException.class);
  }

  @Test
  void shouldWaitForAnIdALaggingReplicaHasNotSeenInsteadOfDeadLetteringGoodRecords()
      throws Exception {
    // Given a schema registered on the primary that the replica the job asks has not seen yet
    String subject = "platform.bets-value" + suffix;
    byte[] good =
        AvroWireSerializer.forTopic(
                Topics.BETS.named(subject.replace("-value", "")),
                client,
                SchemaRegistration.REGISTER)
            .serialize(bet(2_500));
    int id = WireFormat.schemaId(good);
    try (LaggingReplica replica = new LaggingReplica(apicurio.confluentApiUrl());
        SchemaRegistryClient viaReplica =
            SchemaRegistryClient.create(RegistryConfig.of(replica.url()))) {
      replica.notYetSeen(id);
      AvroWireDecoder<BetPlaced> decoder =
          new AvroWireDecoder<>(
              Topics.BETS, viaReplica, "it", Duration.ofSeconds(20), Duration.ofMinutes(1));
      ExecutorService thread = Executors.newSingleThreadExecutor();
      try {
        // When the record arrives, and the replica catches up a moment later
        Future<Decoded<BetPlaced>> decoded = thread.submit(() -> decoder.decode(raw(good)));
        awaitLookups(replica, id, 2);
        replica.catchUp(id);

        // Then the record is read, not dead-lettered
        Decoded<BetPlaced> result = decoded.get(30, TimeUnit.SECONDS);
        assertThat(result.isRecord()).as("%s", result).isTrue();
        assertThat(result.record()).isEqualTo(bet(2_500));
      } finally {
        thread.shutdownNow();
      }
    }
  }

  @Test
  void shouldAskTheRegistryOnceForAFloodOfRecordsWithOneUnknownId() throws Exception {
    byte[] bad = Spoiled.schemaId(WireFormat.header(1), 2_000_000_001);
    try (LaggingReplica counting = new LaggingReplica(apicurio.confluentApiUrl());
        SchemaRegistryClient viaProxy =
            SchemaRegistryClient.create(RegistryConfig.of(counting.url()))) {
      AvroWireDecoder<BetPlaced> decoder =
          new AvroWireDecoder<>(
              Topics.BETS, viaProxy, "it", Duration.ofMillis(200), Duration.ofMinutes(1));

      for (int i = 0; i < 5_000; i++) {
        assertThat(decoder.decode(raw(bad)).reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA_ID);
      }

      // One lookup, plus the few asked again within the 200 ms retry window
      assertThat(counting.lookupsOf(2_000_000_001)).isBetween(1, 10);
    }
  }

  private static void awaitLookups(LaggingReplica replica, int id, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (replica.lookupsOf(id) < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the decoder never asked the replica about id " + id);
      }
      Thread.sleep(20);
    }
  }

  private static RawRecord raw(byte[] value) {
    return new RawRecord("platform.it", 0, 1, KEY, value, EVENING.toEpochMilli());
  }

  /** Registers a schema of {@code type} (JSON, PROTOBUF) through the Confluent API; its id. */
  private int registerRaw(String subject, String type, String schema) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("schemaType", type).put("schema", schema);
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            apicurio.confluentApiUrl() + "/subjects/" + subject + "/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body()).get("id").asInt();
  }

  /** The payments contract with a CASHBACK kind and a new optional {@code channel} field. */
  private static Schema nextPaymentVersion(Schema current) {
    ObjectNode schema = (ObjectNode) JSON.valueToTree(parse(current));
    for (JsonNode field : schema.get("fields")) {
      if (field.get("name").asText().equals("kind")) {
        ((ArrayNode) field.get("type").get("symbols")).add("CASHBACK");
      }
    }
    ObjectNode channel = ((ArrayNode) schema.get("fields")).addObject();
    channel.put("name", "channel");
    channel.putArray("type").add("null").add("string");
    channel.putNull("default");
    return new Schema.Parser().parse(schema.toString());
  }

  private static Schema retyped(Schema current, String field, String type) {
    ObjectNode schema = (ObjectNode) JSON.valueToTree(parse(current));
    for (JsonNode f : schema.get("fields")) {
      if (f.get("name").asText().equals(field)) {
        ((ObjectNode) f).put("type", type);
      }
    }
    return new Schema.Parser().parse(schema.toString());
  }

  private static JsonNode parse(Schema schema) {
    try {
      return JSON.readTree(schema.toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

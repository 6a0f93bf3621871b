package dev.croupier.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.testkit.ApicurioRegistry;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The REST client against a real registry speaking the Confluent API (Apicurio 3). Each test uses
 * its own subjects, as ids are global to the registry shared by the class.
 */
class RestSchemaRegistryClientIT {
  private static final Schema BET_V1 = BetPlaced.getClassSchema();
  private static final Schema BET_V2 =
      SchemaEvolution.withAddedStringField(BET_V1, "channel", "web");
  private static final Schema BET_STAKE_AS_STRING =
      SchemaEvolution.withFieldType(BET_V1, "stake", Schema.Type.STRING);
  private static final Schema PAYMENT = PaymentEvent.getClassSchema();

  private static ApicurioRegistry registry;

  private final List<SchemaRegistryClient> clients = new ArrayList<>();
  private SchemaRegistryClient client;
  private String subject;

  @BeforeAll
  static void startRegistry() {
    registry = ApicurioRegistry.start();
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void newClient(TestInfo test) {
    client = freshClient();
    subject = "platform.bets-value." + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(SchemaRegistryClient::close);
  }

  @Test
  void shouldRegisterASchemaOnceAndFindItAgainByIdSubjectAndLatestVersion() {
    // Given BetPlaced registered under its subject
    int id = client.register(subject, BET_V1);

    // When another client (empty caches) asks for it in every way
    // Then every answer names the same schema
    assertThat(freshClient().register(subject, BET_V1)).isEqualTo(id);
    assertThat(freshClient().getId(subject, BET_V1)).isEqualTo(id);
    assertThat(freshClient().getSchemaById(id)).isEqualTo(BET_V1);
    assertThat(freshClient().getLatest(subject))
        .isEqualTo(new RegisteredSchema(subject, id, 1, BET_V1));
  }

  @Test
  void shouldShareOneIdForOneSchemaUnderTwoSubjectsAndSeparateIdsForDifferentSchemas() {
    int bets = client.register(subject, BET_V1);
    int betsElsewhere = client.register(subject + ".copy", BET_V1);
    int payments = client.register(subject + ".payments", PAYMENT);

    assertThat(betsElsewhere).isEqualTo(bets);
    assertThat(payments).isNotEqualTo(bets);
    assertThat(freshClient().getSchemaById(payments)).isEqualTo(PAYMENT);
  }

  @Test
  void shouldAcceptABackwardCompatibleEvolutionAsTheNextVersion() {
    // Given version 1
    int v1 = client.register(subject, BET_V1);

    // When version 2 adds a field with a default
    boolean compatible = client.isCompatible(subject, BET_V2);
    int v2 = client.register(subject, BET_V2);

    // Then it is compatible, gets its own id and becomes the latest version
    assertThat(compatible).isTrue();
    assertThat(v2).isNotEqualTo(v1);
    assertThat(freshClient().getLatest(subject))
        .isEqualTo(new RegisteredSchema(subject, v2, 2, BET_V2));
    assertThat(freshClient().getSchemaById(v1)).isEqualTo(BET_V1);
  }

  @Test
  void shouldRejectATypeChangeAsIncompatibleOnCheckAndOnRegister() {
    // Given version 1 under BACKWARD compatibility
    client.register(subject, BET_V1);

    // When the stake becomes a string
    boolean compatible = client.isCompatible(subject, BET_STAKE_AS_STRING);
    IncompatibleSchemaException rejected =
        catchThrowableOfType(
            IncompatibleSchemaException.class, () -> client.register(subject, BET_STAKE_AS_STRING));

    // Then the check says no, the registration fails with 409, and version 1 stays the latest
    assertThat(compatible).isFalse();
    assertThat(rejected.status()).isEqualTo(409);
    assertThat(rejected)
        .hasMessageContaining("register a schema under subject '" + subject + "'")
        .hasMessageContaining("HTTP 409");
    assertThat(rejected.getMessage()).containsIgnoringCase("incompatible");
    assertThat(client.getLatest(subject).version()).isEqualTo(1);
  }

  @Test
  void shouldCallAnySchemaCompatibleWithASubjectThatDoesNotExistYet() {
    assertThat(client.isCompatible(subject, BET_STAKE_AS_STRING)).isTrue();
  }

  @Test
  void shouldReportAnUnknownSubjectAsNotFound() {
    assertThatThrownBy(() -> client.getLatest(subject))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("latest version of subject '" + subject + "'")
        .hasMessageContaining("HTTP 404");
    assertThatThrownBy(() -> client.getId(subject, BET_V1))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("look up a schema under subject '" + subject + "'");
  }

  @Test
  void shouldReportASchemaNotUnderTheSubjectAsNotFound() {
    client.register(subject, BET_V1);

    assertThatThrownBy(() -> client.getId(subject, PAYMENT))
        .isInstanceOf(SchemaNotFoundException.class);
  }

  @Test
  void shouldReportAnUnknownIdAsNotFound() {
    int unknown = client.register(subject, BET_V1) + 1_000_000;

    SchemaNotFoundException missing =
        catchThrowableOfType(SchemaNotFoundException.class, () -> client.getSchemaById(unknown));

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing).hasMessageContaining("fetch the schema with id " + unknown);
  }

  @Test
  void shouldRejectAnInvalidSchemaWith422() {
    // Given a schema whose default does not fit its type (Avro parses it when not validating)
    Schema badDefault =
        new Schema.Parser()
            .setValidateDefaults(false)
            .parse(
                "{\"type\":\"record\",\"name\":\"Broken\",\"namespace\":\"dev.croupier.test\","
                    + "\"fields\":[{\"name\":\"stake\",\"type\":\"long\",\"default\":\"ten\"}]}");

    InvalidSchemaException rejected =
        catchThrowableOfType(
            InvalidSchemaException.class, () -> client.register(subject, badDefault));

    assertThat(rejected.status()).isEqualTo(422);
    assertThat(rejected).hasMessageContaining("subject '" + subject + "'");
  }

  @Test
  void shouldReadAndSetCompatibilityPerSubjectFallingBackToTheGlobalLevel() {
    client.register(subject, BET_V1);
    String other = subject + ".other";
    try {
      // Given the registry's global BACKWARD and a subject without a level of its own
      assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
      assertThat(client.getCompatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);
      assertThat(client.getCompatibility(subject + ".unknown"))
          .isEqualTo(CompatibilityLevel.BACKWARD);

      // When one subject and then the registry get their own levels
      client.setCompatibility(subject, CompatibilityLevel.FULL_TRANSITIVE);
      client.setCompatibility(null, CompatibilityLevel.FORWARD);

      // Then each reads back its own, and other subjects follow the global one
      assertThat(client.getCompatibility(subject)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
      assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.FORWARD);
      assertThat(client.getCompatibility(other)).isEqualTo(CompatibilityLevel.FORWARD);
    } finally {
      client.setCompatibility(null, CompatibilityLevel.BACKWARD);
    }
  }

  @Test
  void shouldLetCompatibilityNoneAcceptWhatBackwardRejects() {
    client.register(subject, BET_V1);
    client.setCompatibility(subject, CompatibilityLevel.NONE);

    assertThat(client.isCompatible(subject, BET_STAKE_AS_STRING)).isTrue();
    assertThat(client.register(subject, BET_STAKE_AS_STRING)).isPositive();
  }

  @Test
  void shouldEncodeSubjectNamesThatAreNotPlainPathSegments() {
    String odd = "team a/" + subject + "?x=1&y=%";

    int id = client.register(odd, BET_V1);

    assertThat(freshClient().getLatest(odd)).isEqualTo(new RegisteredSchema(odd, id, 1, BET_V1));
  }

  @Test
  void shouldAnswerRepeatedLookupsFromItsCacheWithoutARequest() {
    CountingHttpClient http = new CountingHttpClient(HttpClient.newHttpClient());
    try (RestSchemaRegistryClient counted =
        new RestSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl()), http)) {
      // Given one registration and one lookup by id of a schema registered elsewhere
      int bets = counted.register(subject, BET_V1);
      int payments = client.register(subject + ".payments", PAYMENT);
      counted.getSchemaById(payments);
      int requests = http.sent();

      // When the same questions come again, as a serde asks per record
      for (int record = 0; record < 1_000; record++) {
        assertThat(counted.register(subject, BET_V1)).isEqualTo(bets);
        assertThat(counted.getId(subject, BET_V1)).isEqualTo(bets);
        assertThat(counted.getSchemaById(bets)).isEqualTo(BET_V1);
        assertThat(counted.getSchemaById(payments)).isEqualTo(PAYMENT);
      }

      // Then no further request went out
      assertThat(requests).isEqualTo(2);
      assertThat(http.sent()).isEqualTo(requests);
    }
  }

  @Test
  void shouldServeConcurrentReadersFromOneCache() throws Exception {
    int id = client.register(subject, BET_V1);
    CountingHttpClient http = new CountingHttpClient(HttpClient.newHttpClient());
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (RestSchemaRegistryClient shared =
        new RestSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl()), http)) {
      // When several task threads decode records with the same schema id at once
      List<Future<Boolean>> readers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        readers.add(
            pool.submit(
                () ->
                    IntStream.range(0, 2_000)
                        .allMatch(record -> shared.getSchemaById(id).equals(BET_V1))));
      }

      // Then all get the schema, and at most one request per thread that missed went out
      for (Future<Boolean> reader : readers) {
        assertThat(reader.get(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(http.sent()).isBetween(1, threads);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldRefuseWorkOnceClosed() {
    client.close();

    assertThatThrownBy(() -> client.getLatest(subject))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  /** A client with empty caches, so its answers come from the registry. Closed after the test. */
  private SchemaRegistryClient freshClient() {
    SchemaRegistryClient fresh =
        SchemaRegistryClient.create(RegistryConfig.of(registry.confluentApiUrl()));
    clients.add(fresh);
    return fresh;
  }
}

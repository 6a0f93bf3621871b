package dev.croupier.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.croupier.schemas.avro.BetPlaced;
import java.time.Duration;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Retries, backoff and error mapping, against a scripted local server (no registry needed). */
class RestSchemaRegistryClientRetryTest {
  private static final Schema BET = BetPlaced.getClassSchema();
  private static final String SCHEMA_ANSWER = "{\"schema\":" + quoted(BET.toString()) + "}";
  private static final int RETRIES = 3;

  private ScriptedRegistry server;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedRegistry();
    client = new RestSchemaRegistryClient(config(server.url()));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void shouldRetryServerErrorsAndThenReturnTheAnswer() {
    server
        .answer(503, "{\"error_code\":50301,\"message\":\"busy\"}")
        .answer(502, "<html>bad gateway</html>");
    server.answer(200, SCHEMA_ANSWER);

    assertThat(client.getSchemaById(42)).isEqualTo(BET);
    assertThat(server.requests()).hasSize(3).allMatch(r -> r.path().equals("/schemas/ids/42"));
  }

  @Test
  void shouldRetryADroppedConnectionAndThenReturnTheAnswer() {
    server.dropConnection().answer(200, "{\"id\":7}");

    assertThat(client.register("platform.bets-value", BET)).isEqualTo(7);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void shouldGiveUpOnServerErrorsAfterTheConfiguredRetries() {
    for (int i = 0; i <= RETRIES; i++) {
      server.answer(500, "{\"error_code\":50001,\"message\":\"store down\"}");
    }

    SchemaRegistryException failure =
        catchThrowableOfType(SchemaRegistryException.class, () -> client.getSchemaById(42));

    assertThat(server.requests()).hasSize(RETRIES + 1);
    assertThat(failure.status()).isEqualTo(500);
    assertThat(failure.errorCode()).isEqualTo(50001);
    assertThat(failure)
        .hasMessageContaining("fetch the schema with id 42")
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("store down");
  }

  @Test
  void shouldGiveUpWithStatusZeroWhenNothingAnswers() {
    String nobodyListens = server.url();
    server.close();

    try (RestSchemaRegistryClient unreachable =
        new RestSchemaRegistryClient(config(nobodyListens))) {
      SchemaRegistryException failure =
          catchThrowableOfType(
              SchemaRegistryException.class, () -> unreachable.getLatest("platform.bets-value"));

      assertThat(failure.status()).isZero();
      assertThat(failure)
          .hasMessageContaining("latest version of subject 'platform.bets-value'")
          .hasMessageContaining("no answer after " + (RETRIES + 1) + " attempt(s)");
    }
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "400, SchemaRegistryException",
    "401, SchemaRegistryException",
    "404, SchemaNotFoundException",
    "409, IncompatibleSchemaException",
    "422, InvalidSchemaException"
  })
  void shouldNeverRetryClientErrors(int status, String exceptionType) {
    server.answer(status, "{\"error_code\":" + status + "01,\"message\":\"no\"}");

    SchemaRegistryException failure =
        catchThrowableOfType(
            SchemaRegistryException.class, () -> client.register("platform.bets-value", BET));

    assertThat(server.requests()).hasSize(1);
    assertThat(failure.getClass().getSimpleName()).isEqualTo(exceptionType);
    assertThat(failure.status()).isEqualTo(status);
    assertThat(failure.errorCode()).isEqualTo(status * 100 + 1);
  }

  @Test
  void shouldWaitExponentiallyLongerBetweenRetriesWithJitterAndACap() {
    RegistryHttp http =
        new RegistryHttp(
            RegistryConfig.builder("http://127.0.0.1:1").retries(8, Duration.ofMillis(100)).build(),
            null,
            null);

    for (int sample = 0; sample < 200; sample++) {
      assertThat(http.backoff(1).toMillis()).isBetween(50L, 100L);
      assertThat(http.backoff(2).toMillis()).isBetween(100L, 200L);
      assertThat(http.backoff(3).toMillis()).isBetween(200L, 400L);
      assertThat(http.backoff(30).toMillis()).isBetween(5_000L, 10_000L);
    }
    assertThat(IntStream.range(0, 50).mapToLong(i -> http.backoff(3).toMillis()).distinct().count())
        .as("jitter spreads the delays")
        .isGreaterThan(1);
  }

  @Test
  void shouldFallBackToTheGlobalLevelWhenTheSubjectHasNoneOfItsOwn() {
    // Confluent's answer for a subject without a level of its own
    server.answer(
        404,
        "{\"error_code\":40408,\"message\":\"Subject 's' does not have subject-level compatibility"
            + " configured\"}");
    server.answer(200, "{\"compatibilityLevel\":\"FULL\"}");

    assertThat(client.getCompatibility("s")).isEqualTo(CompatibilityLevel.FULL);
    assertThat(server.requests())
        .extracting(ScriptedRegistry.Seen::path)
        .containsExactly("/config/s?defaultToGlobal=true", "/config");
  }

  @Test
  void shouldCallAnySchemaCompatibleOnlyWhenTheSubjectOrVersionIsUnknown() {
    server.answer(404, "{\"error_code\":40401,\"message\":\"Subject 's' not found.\"}");
    server.answer(404, "{\"error_code\":40402,\"message\":\"Version latest not found.\"}");
    server.answer(404, "<html>No such path: /wrong/base/url</html>");

    assertThat(client.isCompatible("s", BET)).isTrue();
    assertThat(client.isCompatible("s", BET)).isTrue();
    assertThatThrownBy(() -> client.isCompatible("s", BET))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("No such path");
  }

  @Test
  void shouldReadTheLevelUnderEitherFieldName() {
    server.answer(200, "{\"compatibility\":\"FORWARD_TRANSITIVE\"}");

    assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.FORWARD_TRANSITIVE);
  }

  @Test
  void shouldSendConfluentHeadersAndAPercentEncodedSubject() {
    server.answer(200, "{\"id\":3}");

    client.register("team a/bets", BET);

    ScriptedRegistry.Seen request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/subjects/team%20a%2Fbets/versions");
    assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.header("Accept"))
        .isEqualTo("application/vnd.schemaregistry.v1+json, application/json");
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.body()).isEqualTo("{\"schema\":" + quoted(BET.toString()) + "}");
  }

  private static RegistryConfig config(String url) {
    return RegistryConfig.builder(url)
        .retries(RETRIES, Duration.ofMillis(1))
        .connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static String quoted(String text) {
    return JsonNodeFactory.instance.textNode(text).toString();
  }
}

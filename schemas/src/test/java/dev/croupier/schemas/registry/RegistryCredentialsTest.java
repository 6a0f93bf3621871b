package dev.croupier.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.croupier.schemas.avro.BetPlaced;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Basic auth goes out on every request; the password never comes back in a message. */
class RegistryCredentialsTest {
  private static final String USER = "croupier-svc";
  private static final String PASSWORD = "s3cr3t-Pa55word";
  private static final String TRUSTSTORE_PASSWORD = "trust-Me-n0t";
  private static final String TOKEN =
      Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  private ScriptedRegistry server;
  private RegistryConfig config;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedRegistry();
    config = withCredentials(server.url());
    client = new RestSchemaRegistryClient(config);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void shouldSendTheBasicAuthHeaderOnEveryRequest() {
    server.answer(200, "{\"id\":11}").answer(200, "{\"compatibilityLevel\":\"BACKWARD\"}");

    client.register("platform.bets-value", BetPlaced.getClassSchema());
    client.getCompatibility(null);

    assertThat(server.requests())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Basic " + TOKEN));
  }

  @Test
  void shouldKeepThePasswordOutOfErrorsEvenWhenTheRegistryEchoesIt() {
    // Given a registry (or a proxy in front of it) that echoes what it was sent
    server.answer(
        401,
        "{\"error_code\":40101,\"message\":\"bad credentials "
            + USER
            + ":"
            + PASSWORD
            + " (Authorization: Basic "
            + TOKEN
            + ")\"}");

    // When a request is refused
    SchemaRegistryException refused =
        catchThrowableOfType(SchemaRegistryException.class, () -> client.getSchemaById(5));

    // Then the message says what failed and what to check, without the secret
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused)
        .hasMessageContaining("fetch the schema with id 5")
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("basic auth settings")
        .hasMessageNotContaining(PASSWORD)
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void shouldKeepThePasswordOutOfIoFailures() {
    String nobodyListens = server.url();
    server.close();

    try (RestSchemaRegistryClient unreachable =
        new RestSchemaRegistryClient(withCredentials(nobodyListens))) {
      assertThatThrownBy(() -> unreachable.getSchemaById(5))
          .isInstanceOf(SchemaRegistryException.class)
          .hasMessageNotContaining(PASSWORD)
          .hasMessageNotContaining(TOKEN);
    }
  }

  @Test
  void shouldShowNoSecretInToString() {
    RegistryConfig withTls =
        RegistryConfig.builder("https://registry.internal:8081")
            .basicAuth(USER, PASSWORD)
            .truststore("/etc/croupier/registry-trust.p12", TRUSTSTORE_PASSWORD, "PKCS12")
            .build();

    assertThat(withTls.toString())
        .contains(USER, "/etc/croupier/registry-trust.p12")
        .doesNotContain(PASSWORD, TOKEN, TRUSTSTORE_PASSWORD);
    assertThat(client.toString()).contains(USER).doesNotContain(PASSWORD, TOKEN);
  }

  @Test
  void shouldRefuseCredentialsInTheUrl() {
    assertThatThrownBy(
            () -> RegistryConfig.of("http://" + USER + ":" + PASSWORD + "@127.0.0.1:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not carry credentials")
        .hasMessageNotContaining(PASSWORD);
  }

  private static RegistryConfig withCredentials(String url) {
    return RegistryConfig.builder(url)
        .basicAuth(USER, PASSWORD)
        .retries(1, Duration.ofMillis(1))
        .build();
  }
}

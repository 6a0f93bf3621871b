package dev.croupier.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry behind a private CA: the client trusts it through the configured trust store, and only
 * then. The certificate is made by the JDK's keytool for 127.0.0.1.
 */
class RegistryTlsTest {
  private static final String SERVER_STORE_PASSWORD = "server-store-pw";
  private static final String TRUST_PASSWORD = "trust-store-pw";

  @TempDir static Path dir;
  private static Path truststore;
  private static ScriptedRegistry server;

  @BeforeAll
  static void startHttpsServer() throws Exception {
    Path serverStore = dir.resolve("server.p12");
    Path certificate = dir.resolve("registry.pem");
    truststore = dir.resolve("trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "registry",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        serverStore.toString(),
        "-storepass",
        SERVER_STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "registry",
        "-keystore",
        serverStore.toString(),
        "-storepass",
        SERVER_STORE_PASSWORD,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "registry",
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        TRUST_PASSWORD);
    server = new ScriptedRegistry(serverTls(serverStore));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldTalkToARegistryWhoseCertificateIsInTheTrustStore() {
    server.answer(200, "{\"compatibilityLevel\":\"BACKWARD\"}");

    try (SchemaRegistryClient client =
        SchemaRegistryClient.create(
            RegistryConfig.builder(server.url())
                .truststore(truststore.toString(), TRUST_PASSWORD, "PKCS12")
                .build())) {
      assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
    }
  }

  @Test
  void shouldRefuseARegistryItDoesNotTrust() {
    try (SchemaRegistryClient client =
        SchemaRegistryClient.create(
            RegistryConfig.builder(server.url()).retries(0, Duration.ZERO).build())) {
      assertThatThrownBy(() -> client.getCompatibility(null))
          .isInstanceOf(SchemaRegistryException.class)
          .hasMessageContaining("no answer after 1 attempt(s)")
          .hasMessageContaining("SSLHandshakeException");
    }
  }

  @Test
  void shouldNameTheTrustStoreButNotItsPasswordWhenItCannotBeOpened() {
    RegistryConfig wrongPassword =
        RegistryConfig.builder(server.url())
            .truststore(truststore.toString(), "not-" + TRUST_PASSWORD, "PKCS12")
            .build();

    assertThatThrownBy(() -> SchemaRegistryClient.create(wrongPassword))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(truststore.toString())
        .hasMessageNotContaining(TRUST_PASSWORD);
  }

  private static SSLContext serverTls(Path serverStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(serverStore)) {
      store.load(in, SERVER_STORE_PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, SERVER_STORE_PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    return tls;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as("keytool %s: %s", args[0], output).isZero();
  }
}

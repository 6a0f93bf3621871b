package dev.croupier.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad registry settings fail when the config is built, saying what is expected. */
class RegistryConfigTest {
  @Test
  void shouldKeepDefaultsAndDropATrailingSlash() {
    RegistryConfig config = RegistryConfig.of("http://127.0.0.1:8081/apis/ccompat/v7/");

    assertThat(config.url()).isEqualTo("http://127.0.0.1:8081/apis/ccompat/v7");
    assertThat(config.hasBasicAuth()).isFalse();
    assertThat(config.maxRetries()).isEqualTo(3);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void shouldRefuseAUrlThatIsNotHttp() {
    assertThatThrownBy(() -> RegistryConfig.of("registry:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http(s) URL");
    assertThatThrownBy(() -> RegistryConfig.of("http://bad host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http(s) URL");
  }

  @Test
  void shouldRefuseNegativeRetriesAndNonPositiveTimeouts() {
    assertThatThrownBy(
            () -> RegistryConfig.builder("http://r:1").retries(-1, Duration.ofMillis(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retries");
    assertThatThrownBy(
            () -> RegistryConfig.builder("http://r:1").requestTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeouts");
  }
}

package dev.croupier.udfs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommonJobConfigTest {

  private static final Map<String, String> MINIMAL =
      Map.of("kafka.bootstrap-servers", "localhost:9092", "registry.url", "http://localhost:8081");

  @Test
  void shouldApplyDefaultsWhenOnlyRequiredKeysAreGiven() {
    CommonJobConfig c =
        CommonJobConfig.from(
            ConfigValues.of(MINIMAL), "balance", RuntimeSettings.StateBackend.HASHMAP);

    assertThat(c.kafka().groupId()).isEqualTo("croupier-balance");
    assertThat(c.redis().keyPrefix()).isEqualTo("croupier:");
    assertThat(c.redis().port()).isEqualTo(6379);
    assertThat(c.topics()).isEqualTo(TopicNames.defaults());
    assertThat(c.runtime().checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.runtime().stateBackend()).isEqualTo(RuntimeSettings.StateBackend.HASHMAP);
    assertThat(c.registry().url()).isEqualTo("http://localhost:8081");
    assertThat(c.registry().missingIdRetry()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.registry().missingIdCache()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void shouldBoundHowLongAnUnknownSchemaIdIsAskedAgainAndTrusted() {
    Map<String, String> keys = new HashMap<>(MINIMAL);
    keys.put("registry.missing-id-retry", "0s");
    keys.put("registry.missing-id-cache", "10m");
    CommonJobConfig c =
        CommonJobConfig.from(ConfigValues.of(keys), "j", RuntimeSettings.StateBackend.HASHMAP);
    assertThat(c.registry().missingIdRetry()).isZero();
    assertThat(c.registry().missingIdCache()).isEqualTo(Duration.ofMinutes(10));

    keys.put("registry.missing-id-cache", "0s");
    assertThatThrownBy(
            () ->
                CommonJobConfig.from(
                    ConfigValues.of(keys), "j", RuntimeSettings.StateBackend.HASHMAP))
        .hasMessageContaining("registry.missing-id-cache")
        .hasMessageContaining("a duration between PT1S and PT1H");
  }

  @Test
  void shouldBoundTheRedisBatchesInFlightAndKeepZeroForTheTaskThread() {
    Map<String, String> keys = new HashMap<>(MINIMAL);
    assertThat(
            CommonJobConfig.from(ConfigValues.of(keys), "j", RuntimeSettings.StateBackend.HASHMAP)
                .redis()
                .maxBatchesInFlight())
        .isEqualTo(RedisSettings.DEFAULT_MAX_BATCHES_IN_FLIGHT);
    keys.put("redis.max-batches-in-flight", "0");
    assertThat(
            CommonJobConfig.from(ConfigValues.of(keys), "j", RuntimeSettings.StateBackend.HASHMAP)
                .redis()
                .maxBatchesInFlight())
        .isZero();

    keys.put("redis.max-batches-in-flight", "17");
    assertThatThrownBy(
            () ->
                CommonJobConfig.from(
                    ConfigValues.of(keys), "j", RuntimeSettings.StateBackend.HASHMAP))
        .hasMessage(
            "Config key 'redis.max-batches-in-flight': expected an integer between 0 and 16,"
                + " got '17'");
  }

  @Test
  void shouldNameTheMissingRequiredKey() {
    assertThatThrownBy(
            () ->
                CommonJobConfig.from(
                    ConfigValues.of(Map.of("registry.url", "http://r")),
                    "j",
                    RuntimeSettings.StateBackend.HASHMAP))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'kafka.bootstrap-servers'")
        .hasMessageContaining("host:port");
  }

  @Test
  void shouldNameTheKeyAndExpectedFormOfAMalformedValue() {
    Map<String, String> bad = new HashMap<>(MINIMAL);
    bad.put("redis.port", "seventy");
    assertThatThrownBy(
            () ->
                CommonJobConfig.from(
                    ConfigValues.of(bad), "j", RuntimeSettings.StateBackend.HASHMAP))
        .hasMessage(
            "Config key 'redis.port': expected an integer between 1 and 65535, got 'seventy'");

    bad.put("redis.port", "6379");
    bad.put("job.state-backend", "cassandra");
    assertThatThrownBy(
            () ->
                CommonJobConfig.from(
                    ConfigValues.of(bad), "j", RuntimeSettings.StateBackend.HASHMAP))
        .hasMessageContaining("'job.state-backend'")
        .hasMessageContaining("[hashmap, rocksdb]");

    bad.remove("job.state-backend");
    bad.put("kafka.transaction-timeout", "1h");
    assertThatThrownBy(
            () ->
                CommonJobConfig.from(
                    ConfigValues.of(bad), "j", RuntimeSettings.StateBackend.HASHMAP))
        .hasMessageContaining("'kafka.transaction-timeout'")
        .hasMessageContaining("15m");
  }

  @Test
  void shouldResolveSecretsFromTheEnvironmentAndNeverEchoThem() {
    Map<String, String> m = new HashMap<>(MINIMAL);
    m.put("redis.password", "${env:REDIS_PW}");
    m.put("kafka.properties.sasl.jaas.config", "${env:JAAS}");
    Map<String, String> env =
        Map.of("REDIS_PW", "s3cret!", "JAAS", "PlainLoginModule password=\"hunter2\";");
    CommonJobConfig c =
        CommonJobConfig.from(
            ConfigValues.of(m, env::get), "j", RuntimeSettings.StateBackend.HASHMAP);

    assertThat(c.redis().password()).isEqualTo("s3cret!");
    assertThat(c.kafka().clientProperties()).containsEntry("sasl.jaas.config", env.get("JAAS"));
    assertThat(c.toString()).doesNotContain("s3cret!").doesNotContain("hunter2");

    m.put("redis.password", "${env:NOT_SET}");
    assertThatThrownBy(
            () ->
                CommonJobConfig.from(
                    ConfigValues.of(m, env::get), "j", RuntimeSettings.StateBackend.HASHMAP))
        .hasMessageContaining("'redis.password'")
        .hasMessageContaining("NOT_SET");
    assertThat(ConfigValues.invalid("redis.password", "s3cret!", "x").getMessage())
        .doesNotContain("s3cret!");
  }

  @Test
  void shouldLayerDefaultsFileAndCommandLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(
        file, "kafka.bootstrap-servers=file:1\nregistry.url=http://file\nredis.port=7000\n");

    ConfigValues c =
        ConfigValues.load(
            null,
            new String[] {
              "--config", file.toString(), "--redis.port=7001", "--leaderboard.windows", "1h,1d"
            });

    assertThat(c.raw("kafka.bootstrap-servers")).isEqualTo("file:1");
    assertThat(c.intBetween("redis.port", 0, 1, 65535)).isEqualTo(7001);
    assertThat(c.durations("leaderboard.windows", List.of()))
        .containsExactly(Duration.ofHours(1), Duration.ofDays(1));
    assertThatThrownBy(
            () ->
                ConfigValues.load(null, new String[] {"--config", dir.resolve("nope").toString()}))
        .hasMessageContaining("'config'");
    assertThatThrownBy(() -> ConfigValues.load(null, new String[] {"stray"}))
        .hasMessageContaining("--key=value");
  }

  @Test
  void shouldParseDurationsInShortAndIsoForms() {
    ConfigValues c = ConfigValues.of(Map.of("a", "500ms", "b", "7d", "c", "PT1H30M", "d", "soon"));
    assertThat(c.duration("a", null)).isEqualTo(Duration.ofMillis(500));
    assertThat(c.duration("b", null)).isEqualTo(Duration.ofDays(7));
    assertThat(c.duration("c", null)).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> c.duration("d", null))
        .hasMessageContaining("'d'")
        .hasMessageContaining("500ms");
  }
}

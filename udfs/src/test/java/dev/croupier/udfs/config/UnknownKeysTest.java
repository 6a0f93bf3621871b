package dev.croupier.udfs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys nobody asked for stop start-up, naming the nearest known key; pass-through stays open. */
class UnknownKeysTest {
  private static final Map<String, String> MINIMAL =
      Map.of("kafka.bootstrap-servers", "localhost:9092", "registry.url", "http://localhost:8081");

  private static ConfigValues parsed(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(MINIMAL);
    values.putAll(extra);
    ConfigValues c = ConfigValues.of(values);
    CommonJobConfig.from(c, "test", RuntimeSettings.StateBackend.HASHMAP);
    return c;
  }

  @Test
  void shouldNameATypoAndItsNearestKnownKey() {
    // Given a shared key with a typo, When the job has parsed its keys, Then it refuses to start
    ConfigValues c = parsed(Map.of("redis.outage-tolerence", "10m"));
    assertThatThrownBy(() -> c.rejectUnknownKeys("the test job"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "Config key 'redis.outage-tolerence' is not a key of the test job: did you mean"
                + " 'redis.outage-tolerance'?");
  }

  @Test
  void shouldSayWhenNoKeyOfTheJobSharesTheKeysSection() {
    ConfigValues c = parsed(Map.of("leaderboard.windows", "1h"));
    assertThatThrownBy(() -> c.rejectUnknownKeys("the test job"))
        .hasMessageContaining("'leaderboard.windows' is not a key of the test job")
        .hasMessageContaining("no key of the test job starts with 'leaderboard.'")
        .hasMessageContaining("the nearest known key is '");
  }

  @Test
  void shouldKeepPassThroughPrefixesOpenAndAcceptEveryKeyAsked() {
    ConfigValues c =
        parsed(
            Map.of(
                "kafka.properties.security.protocol", "SASL_SSL",
                "kafka.properties.sasl.jaas.config", "secret-jaas",
                "registry.password", "pw",
                "redis.retry-max-backoff", "2s"));
    c.rejectUnknownKeys("the test job");
    assertThat(c.knownKeys()).contains("redis.outage-tolerance", "job.max-parallelism");
  }

  @Test
  void shouldRefuseAnUnknownKeyUnderAClosedPrefixAtOnce() {
    ConfigValues c = ConfigValues.of(Map.of("fraud.rule.bet-velocty.min-bets", "40", "other", "x"));
    assertThatThrownBy(
            () ->
                c.withPrefix(
                    "fraud.rule.", List.of("bet-velocity.min-bets", "bet-velocity.window")))
        .hasMessageStartingWith(
            "Config key 'fraud.rule.bet-velocty.min-bets' is not a key: did you mean"
                + " 'fraud.rule.bet-velocity.min-bets'?");
  }

  @Test
  void shouldNeverEchoTheValueOfAnUnknownKey() {
    ConfigValues c = parsed(Map.of("redis.passwort", "hunter2"));
    assertThatThrownBy(() -> c.rejectUnknownKeys("the test job"))
        .hasMessageContaining("did you mean 'redis.password'?")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void shouldRefuseAnOutageToleranceThatOutlastsTheCheckpointOrTheKafkaTransaction() {
    assertThatThrownBy(() -> parsed(Map.of("redis.outage-tolerance", "12m")))
        .hasMessageContaining("'redis.outage-tolerance'")
        .hasMessageContaining("below job.checkpoint-timeout");
    // 595 s of outage + a 10 s checkpoint interval would outlast the 10 min Kafka transaction
    assertThatThrownBy(
            () -> parsed(Map.of("redis.outage-tolerance", "595s", "job.checkpoint-timeout", "15m")))
        .hasMessageContaining("kafka.transaction-timeout");
    ConfigValues ok =
        parsed(Map.of("redis.outage-tolerance", "585s", "job.checkpoint-timeout", "15m"));
    assertThat(
            CommonJobConfig.from(ok, "test", RuntimeSettings.StateBackend.HASHMAP)
                .redis()
                .outageTolerance())
        .isEqualTo(Duration.ofSeconds(585));
  }

  @Test
  void shouldSuggestByEditDistance() {
    assertThat(KeySuggestions.distance("bet-velocty", "bet-velocity")).isEqualTo(1);
    assertThat(KeySuggestions.nearest("job.paralelism", List.of("job.parallelism", "job.x")))
        .isEqualTo("job.parallelism");
    assertThat(KeySuggestions.nearest("x", List.of())).isNull();
    // far from every key by edits, but sharing a word: a key of another job
    assertThat(
            KeySuggestions.nearest(
                "leaderboard.idleness",
                List.of("fraud.source-idleness", "redis.timeout", "registry.timeout")))
        .isEqualTo("fraud.source-idleness");
  }
}

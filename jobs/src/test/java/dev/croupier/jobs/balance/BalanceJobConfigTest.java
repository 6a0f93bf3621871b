package dev.croupier.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.config.RuntimeSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BalanceJobConfigTest {
  private static final String[] REQUIRED = {
    "--kafka.bootstrap-servers=127.0.0.1:9092", "--registry.url=http://127.0.0.1:8081"
  };

  private static String[] with(String... more) {
    String[] all = new String[REQUIRED.length + more.length];
    System.arraycopy(REQUIRED, 0, all, 0, REQUIRED.length);
    System.arraycopy(more, 0, all, REQUIRED.length, more.length);
    return all;
  }

  @Test
  void shouldLoadTheBundledDefaults() {
    // When only the required keys are given on the command line
    BalanceJobConfig c = BalanceJobConfig.load(REQUIRED);

    // Then the bundled balance-job.properties supply the rest
    assertThat(c.dedupTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(c.transactionalIdPrefix()).isEqualTo("croupier-balance");
    assertThat(c.common().jobName()).isEqualTo("balance");
    assertThat(c.common().runtime().stateBackend()).isEqualTo(RuntimeSettings.StateBackend.ROCKSDB);
    assertThat(c.common().topics().name(Topics.BALANCES)).isEqualTo("platform.balances");
    assertThat(c.common().kafka().groupId()).isEqualTo("croupier-balance");
  }

  @Test
  void shouldTakeOverridesFromTheCommandLine() {
    BalanceJobConfig c =
        BalanceJobConfig.load(
            with(
                "--balance.dedup-ttl=36h",
                "--job.state-backend=hashmap",
                "--redis.key-prefix=t1:"));

    assertThat(c.dedupTtl()).isEqualTo(Duration.ofHours(36));
    assertThat(c.common().runtime().stateBackend()).isEqualTo(RuntimeSettings.StateBackend.HASHMAP);
    assertThat(c.common().redis().keyPrefix()).isEqualTo("t1:");
  }

  @Test
  void shouldNameTheKeyOfAnUnusableDedupTtl() {
    assertThatThrownBy(() -> BalanceJobConfig.load(with("--balance.dedup-ttl=soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'balance.dedup-ttl'")
        .hasMessageContaining("7d");
    assertThatThrownBy(() -> BalanceJobConfig.load(with("--balance.dedup-ttl=10s")))
        .hasMessage(
            "Config key 'balance.dedup-ttl': expected a duration of at least 1m, e.g. 7d, got"
                + " '10s'");
  }

  @Test
  void shouldNameTheKeyOfABadTransactionalIdPrefix() {
    assertThatThrownBy(
            () -> BalanceJobConfig.load(with("--balance.transactional-id-prefix=has space")))
        .hasMessageContaining("'balance.transactional-id-prefix'");
  }

  @Test
  void shouldFailFastWhenARequiredKeyIsMissing() {
    assertThatThrownBy(() -> BalanceJobConfig.load(new String[] {"--registry.url=http://r:1"}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'kafka.bootstrap-servers'");
  }

  @Test
  void shouldStopMainBeforeBuildingAnythingWhenAKeyIsBad() {
    assertThatThrownBy(() -> BalanceJob.main(with("--redis.port=seventy")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'redis.port'");
  }
}

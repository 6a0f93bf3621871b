package dev.croupier.jobs.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.config.RuntimeSettings;
import dev.croupier.udfs.fraud.rules.BetVelocity;
import dev.croupier.udfs.fraud.rules.ChipDumping;
import dev.croupier.udfs.fraud.rules.FraudRules;
import dev.croupier.udfs.fraud.rules.PayoutAnomaly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FraudJobConfigTest {
  private static final String[] REQUIRED = {
    "--kafka.bootstrap-servers=k:9092", "--registry.url=http://r:8080"
  };

  private static FraudJobConfig load(String... more) {
    String[] args = new String[REQUIRED.length + more.length];
    System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
    System.arraycopy(more, 0, args, REQUIRED.length, more.length);
    return FraudJobConfig.from(ConfigValues.load(FraudJobConfig.DEFAULTS, args));
  }

  @Test
  void shouldStartFromTheBundledDefaultsAndRules() {
    FraudJobConfig c = load();
    assertThat(c.rules()).isEqualTo(FraudRules.defaults());
    assertThat(c.common().runtime().stateBackend()).isEqualTo(RuntimeSettings.StateBackend.HASHMAP);
    assertThat(c.common().topics().name(Topics.ACCOUNTS)).isEqualTo("platform.accounts");
    assertThat(c.common().topics().name(Topics.ALERTS)).isEqualTo("risk.alerts");
    assertThat(c.eventTime().outOfOrderness()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.eventTime().idleness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.recentAlerts()).isEqualTo(10_000);
    assertThat(c.alertsPerUser()).isEqualTo(100);
    assertThat(c.transactionalIdPrefix()).isEqualTo("croupier-fraud");
    assertThat(c.earlyAlerts())
        .isEqualTo(
            new FraudJobConfig.EarlyAlerts(true, Duration.ofSeconds(5), Duration.ofSeconds(2)));
  }

  @Test
  void shouldFlushItsManyTasksBuffersLessOftenThanTheOtherJobsUnlessSet() {
    assertThat(load().common().runtime().bufferTimeout()).isEqualTo(Duration.ofMillis(25));
    // the same without the bundled file, from the code's default
    assertThat(
            FraudJobConfig.from(
                    ConfigValues.of(
                        Map.of(
                            "kafka.bootstrap-servers", "k:9092", "registry.url", "http://r:8080")))
                .common()
                .runtime()
                .bufferTimeout())
        .isEqualTo(Duration.ofMillis(25));
    assertThat(load("--job.buffer-timeout=5ms").common().runtime().bufferTimeout())
        .isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void shouldTieTheEarlyAgeLimitToTheOutOfOrdernessUnlessSet() {
    assertThat(load("--fraud.out-of-orderness=2s").earlyAlerts().maxAge())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(load("--fraud.early-alerts.max-age=20s").earlyAlerts().maxAge())
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(load("--fraud.early-alerts=false").earlyAlerts().enabled()).isFalse();
    assertThatThrownBy(() -> load("--fraud.early-alerts.max-age=-1s"))
        .hasMessageContaining("fraud.early-alerts.max-age")
        .hasMessageContaining("-1s");
  }

  @Test
  void shouldLetASingleThresholdOrSwitchBeOverridden() {
    FraudJobConfig c =
        load(
            "--fraud.rule.bet-velocity.min-bets=40",
            "--fraud.rule.chip-dumping.mode=off",
            "--job.state-backend=rocksdb");
    assertThat(c.rules().settings(BetVelocity.RULE).minBets()).isEqualTo(40);
    assertThat(c.rules().enabled(ChipDumping.RULE.id())).isFalse();
    assertThat(c.common().runtime().stateBackend()).isEqualTo(RuntimeSettings.StateBackend.ROCKSDB);
  }

  @Test
  void shouldReadARulesFile(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "rules:\n  payout-anomaly:\n    min-payout-multiple: 8\n");
    FraudJobConfig c = load("--fraud.rules-file=" + rules);
    assertThat(c.rules().settings(PayoutAnomaly.RULE).minPayoutMultiple()).isEqualTo(8);
    assertThat(c.rules().settings(BetVelocity.RULE))
        .isEqualTo(FraudRules.defaults().settings(BetVelocity.RULE));
  }

  @Test
  void shouldFailAtStartUpNamingTheRuleAndKeyOfABadRulesFile(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("bad.yaml");
    Files.writeString(rules, "rules:\n  card-testing:\n    min-instruments: three\n");
    assertThatThrownBy(() -> load("--fraud.rules-file=" + rules))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(rules.toString())
        .hasMessageContaining("rule 'card-testing', key 'min-instruments': expected an integer");
    assertThatThrownBy(() -> load("--fraud.rules-file=" + dir.resolve("missing.yaml")))
        .hasMessageContaining("fraud.rules-file");
    assertThatThrownBy(() -> load("--fraud.rule.bet-velocity=40"))
        .hasMessageContaining("'fraud.rule.bet-velocity' is not a key")
        .hasMessageContaining("did you mean 'fraud.rule.bet-velocity.");
    assertThatThrownBy(() -> load("--fraud.out-of-orderness=soon"))
        .hasMessageContaining("fraud.out-of-orderness");
    assertThatThrownBy(() -> load("--fraud.idleness=2h"))
        .hasMessageContaining("'fraud.idleness': expected a duration between");
  }

  @Test
  void shouldStopMainBeforeBuildingAnythingWhenARuleKeyIsBad() {
    assertThatThrownBy(
            () ->
                FraudDetectionJob.main(
                    new String[] {
                      "--kafka.bootstrap-servers=k:9092",
                      "--registry.url=http://r:8080",
                      "--fraud.rule.payout-anomaly.window=forever"
                    }))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rule 'payout-anomaly', key 'window'");
  }
}

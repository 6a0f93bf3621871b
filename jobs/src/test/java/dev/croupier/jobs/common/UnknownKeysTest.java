package dev.croupier.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.jobs.balance.BalanceJob;
import dev.croupier.jobs.balance.BalanceJobConfig;
import dev.croupier.jobs.fraud.FraudDetectionJob;
import dev.croupier.jobs.fraud.FraudJobConfig;
import dev.croupier.jobs.leaderboard.LeaderboardJob;
import dev.croupier.jobs.leaderboard.LeaderboardJobConfig;
import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.fraud.rules.BetVelocity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every job refuses a key it does not know at start-up, naming the key and the nearest known one: a
 * typo (which would otherwise leave a default threshold in force) and a key of another job. Bundled
 * defaults, documented keys and pass-through prefixes stay accepted.
 */
class UnknownKeysTest {
  private static final String[] REQUIRED = {
    "--kafka.bootstrap-servers=kafka:9092", "--registry.url=http://registry:8080/apis/ccompat/v7"
  };

  private static String[] args(String... extra) {
    List<String> all = new ArrayList<>(List.of(REQUIRED));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  private static FraudJobConfig fraud(String... extra) {
    return FraudJobConfig.from(ConfigValues.load(FraudJobConfig.DEFAULTS, args(extra)));
  }

  private static LeaderboardJobConfig leaderboard(String... extra) {
    return LeaderboardJobConfig.from(ConfigValues.load(LeaderboardJobConfig.DEFAULTS, args(extra)));
  }

  @Test
  void shouldRefuseATypoInARuleThresholdNamingTheRealKey() {
    assertThatThrownBy(() -> fraud("--fraud.rule.bet-velocty.min-bets=40"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'fraud.rule.bet-velocty.min-bets' is not a key")
        .hasMessageContaining("did you mean 'fraud.rule.bet-velocity.min-bets'?");
    assertThatThrownBy(() -> fraud("--fraud.rule.bet-velocity.min-bet=40"))
        .hasMessageContaining("did you mean 'fraud.rule.bet-velocity.min-bets'?");
    assertThat(
            fraud("--fraud.rule.bet-velocity.min-bets=40")
                .rules()
                .settings(BetVelocity.RULE)
                .minBets())
        .isEqualTo(40);
  }

  @Test
  void shouldRefuseAKeyOfAnotherJobNamingItsNearestMatch() {
    assertThatThrownBy(() -> fraud("--leaderboard.windows=1h,1d"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'leaderboard.windows' is not a key of the fraud job")
        .hasMessageContaining("no key of the fraud job starts with 'leaderboard.'")
        .hasMessageContaining("the nearest known key is '");
    assertThatThrownBy(() -> fraud("--leaderboard.idleness=30s"))
        .hasMessageContaining("the nearest known key is 'fraud.idleness'");
    assertThatThrownBy(() -> leaderboard("--balance.dedup-ttl=7d"))
        .hasMessageContaining("'balance.dedup-ttl' is not a key of the leaderboard job")
        .hasMessageContaining("the nearest known key is '");
    assertThatThrownBy(() -> BalanceJobConfig.load(args("--fraud.idleness=30s")))
        .hasMessageContaining("'fraud.idleness' is not a key of the balance job");
  }

  @Test
  void shouldRefuseATypoInASharedKey() {
    assertThatThrownBy(() -> BalanceJobConfig.load(args("--job.paralelism=4")))
        .hasMessageStartingWith(
            "Config key 'job.paralelism' is not a key of the balance job: did you mean"
                + " 'job.parallelism'?");
    assertThatThrownBy(() -> leaderboard("--redis.outage-tolerence=2m"))
        .hasMessageContaining("did you mean 'redis.outage-tolerance'?");
  }

  @Test
  void shouldStopMainBeforeBuildingAnything() {
    assertThatThrownBy(() -> FraudDetectionJob.main(args("--fraud.rule.bet-velocty.min-bets=40")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> LeaderboardJob.main(args("--leaderbord.windows=1h")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("did you mean 'leaderboard.windows'?");
    assertThatThrownBy(() -> BalanceJob.main(args("--balance.dedup-tl=1d")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("did you mean 'balance.dedup-ttl'?");
  }

  @Test
  void shouldAcceptBundledDefaultsDocumentedKeysAndPassThroughPrefixes() {
    String[] everywhere = {
      "--kafka.properties.security.protocol=SASL_SSL",
      "--kafka.properties.sasl.mechanism=PLAIN",
      "--registry.username=u",
      "--registry.password=p",
      "--registry.truststore.location=/etc/ts.p12",
      "--redis.outage-tolerance=2m",
      "--redis.retry-initial-backoff=50ms",
      "--redis.retry-max-backoff=2s",
      "--job.max-parallelism=720",
      "--job.checkpoint-timeout=15m",
      "--job.tolerable-failed-checkpoints=3",
      "--job.restart-max-delay=2m",
      "--job.restart-reset-after=30m",
      "--job.checkpoint-dir=file:///tmp/cp"
    };
    assertThat(fraud(everywhere).common().runtime().maxParallelism()).isEqualTo(720);
    assertThat(leaderboard(everywhere).common().redis().outageTolerance().toMinutes()).isEqualTo(2);
    assertThat(BalanceJobConfig.load(args(everywhere)).common().kafka().clientProperties())
        .containsEntry("security.protocol", "SASL_SSL");
  }
}

package dev.croupier.jobs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.config.RuntimeSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaderboardJobConfigTest {
  static final String[] REQUIRED = {
    "--kafka.bootstrap-servers=kafka:9092", "--registry.url=http://registry:8081"
  };

  @Test
  void shouldTakeTheBundledDefaults() {
    // When only the required keys are given
    LeaderboardJobConfig config =
        LeaderboardJobConfig.from(ConfigValues.load(LeaderboardJobConfig.DEFAULTS, REQUIRED));

    // Then the defaults are the documented ones (docs/leaderboard.md)
    assertThat(config.windows()).hasToString("1h,1d");
    assertThat(config.eventTime().outOfOrderness()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.eventTime().idleness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.allowedLateness()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.liveUpdateDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.common().redis().keyPrefix()).isEqualTo("croupier:");
    assertThat(config.common().runtime().stateBackend())
        .isEqualTo(RuntimeSettings.StateBackend.HASHMAP);
    assertThat(config.common().jobName()).isEqualTo("leaderboard");
  }

  @Test
  void shouldTakeOverridesFromTheCommandLine() {
    LeaderboardJobConfig config =
        LeaderboardJobConfig.from(
            ConfigValues.load(
                LeaderboardJobConfig.DEFAULTS,
                new String[] {
                  REQUIRED[0],
                  REQUIRED[1],
                  "--leaderboard.windows=15m,1h,7d",
                  "--leaderboard.live-update-delay=0ms",
                  "--leaderboard.allowed-lateness=0s"
                }));

    assertThat(config.windows()).hasToString("15m,1h,7d");
    assertThat(config.liveUpdateDelay()).isZero();
    assertThat(config.allowedLateness()).isZero();
  }

  @Test
  void shouldFailFastNamingTheKeyAndTheExpectedForm() {
    assertThatThrownBy(() -> config("--leaderboard.windows=1h,60m"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'leaderboard.windows'")
        .hasMessageContaining("repeat");
    assertThatThrownBy(() -> config("--leaderboard.windows=1500ms"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("whole number of seconds");
    assertThatThrownBy(() -> config("--leaderboard.live-update-delay=2m"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'leaderboard.live-update-delay'")
        .hasMessageContaining("between");
    assertThatThrownBy(() -> config("--leaderboard.retention=soon"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'leaderboard.retention'");
    assertThatThrownBy(
            () ->
                LeaderboardJobConfig.from(
                    ConfigValues.load(LeaderboardJobConfig.DEFAULTS, new String[0])))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.bootstrap-servers");
  }

  @Test
  void shouldStopMainBeforeBuildingAnythingWhenAKeyIsBad() {
    assertThatThrownBy(
            () ->
                LeaderboardJob.main(
                    new String[] {REQUIRED[0], REQUIRED[1], "--leaderboard.idleness=never"}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'leaderboard.idleness'");
  }

  private static LeaderboardJobConfig config(String override) {
    return LeaderboardJobConfig.from(
        ConfigValues.load(
            LeaderboardJobConfig.DEFAULTS, new String[] {REQUIRED[0], REQUIRED[1], override}));
  }
}

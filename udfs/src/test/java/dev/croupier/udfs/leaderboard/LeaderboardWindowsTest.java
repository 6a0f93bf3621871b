package dev.croupier.udfs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderboardWindowsTest {

  @Test
  void shouldLabelEachSizeWithTheLargestUnitThatDividesIt() {
    assertThat(LeaderboardWindows.label(Duration.ofHours(1).toMillis())).isEqualTo("1h");
    assertThat(LeaderboardWindows.label(Duration.ofDays(1).toMillis())).isEqualTo("1d");
    assertThat(LeaderboardWindows.label(Duration.ofHours(24 * 7).toMillis())).isEqualTo("7d");
    assertThat(LeaderboardWindows.label(Duration.ofMinutes(90).toMillis())).isEqualTo("90m");
    assertThat(LeaderboardWindows.label(Duration.ofSeconds(45).toMillis())).isEqualTo("45s");
    assertThat(LeaderboardWindows.of(List.of(Duration.ofHours(1), Duration.ofDays(1)))).hasToString("1h,1d");
  }

  @Test
  void shouldAlignWindowsToTheEpochInUtc() {
    long at = Instant.parse("2026-11-28T13:47:12.345Z").toEpochMilli();
    assertThat(Instant.ofEpochMilli(LeaderboardWindows.startOf(at, 3_600_000L))).hasToString("2026-11-28T13:00:00Z");
    assertThat(Instant.ofEpochMilli(LeaderboardWindows.startOf(at, 86_400_000L))).hasToString("2026-11-28T00:00:00Z");
    long beforeEpoch = Instant.parse("1969-12-31T23:30:00Z").toEpochMilli();
    assertThat(Instant.ofEpochMilli(LeaderboardWindows.startOf(beforeEpoch, 3_600_000L)))
        .hasToString("1969-12-31T23:00:00Z");
  }

  @Test
  void shouldRefuseSizesThatAreNotWholeSecondsOrRepeat() {
    assertThatThrownBy(() -> LeaderboardWindows.of(List.of(Duration.ofMillis(1500))))
        .hasMessageContaining("whole number of seconds");
    assertThatThrownBy(() -> LeaderboardWindows.of(List.of(Duration.ofHours(24), Duration.ofDays(1))))
        .hasMessageContaining("repeat");
    assertThatThrownBy(() -> LeaderboardWindows.of(List.of())).hasMessageContaining("at least one");
  }
}

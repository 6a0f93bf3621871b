package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EffectWatchTest {
  private static final long HOUR = 3_600_000L;
  private static final long WINDOW_END = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();

  /** The score as docs/leaderboard.md defines it. */
  private static double score(long cents, long achievedAt) {
    return cents / 100.0 + 0.001 + 0.008 * (WINDOW_END - achievedAt) / (double) HOUR;
  }

  @Test
  void shouldDecodeWhenABoardScoreWasReachedFromItsTieBreak() {
    long at = Instant.parse("2026-03-02T08:17:42.123Z").toEpochMilli();

    assertThat(EffectWatch.achievedAt(score(1_234, at), WINDOW_END, HOUR)).isEqualTo(at);
    assertThat(EffectWatch.achievedAt(score(987_654_321, at), WINDOW_END, HOUR)).isEqualTo(at);
    assertThat(EffectWatch.achievedAt(score(5, WINDOW_END - HOUR), WINDOW_END, HOUR))
        .isEqualTo(WINDOW_END - HOUR);
  }
}

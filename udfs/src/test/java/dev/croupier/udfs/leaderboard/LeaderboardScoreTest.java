package dev.croupier.udfs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeaderboardScoreTest {
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;
  static final long HOUR_13 = Instant.parse("2026-11-28T13:00:00Z").toEpochMilli();
  static final long DAY_START = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();

  @Test
  void shouldCarryTheAmountInMajorUnitsWithTheTieBreakBelowTheCent() {
    // Given 12.34 achieved at the start of the hour and at its last millisecond
    double earliest = LeaderboardScore.encode(1234, HOUR_13, HOUR_13, HOUR);
    double latest = LeaderboardScore.encode(1234, HOUR_13 + HOUR - 1, HOUR_13, HOUR);

    // Then both read as 12.34 (floor to the cent) and the earlier one is higher
    assertThat(earliest).isEqualTo(12.349, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(latest).isGreaterThan(12.341).isLessThan(12.3411);
    assertThat(LeaderboardScore.cents(earliest)).isEqualTo(1234);
    assertThat(LeaderboardScore.cents(latest)).isEqualTo(1234);
    assertThat(earliest).isGreaterThan(latest);
  }

  @Test
  void shouldDecodeTheExactCentsOfNegativeAndHugeAmounts() {
    // Given random amounts from −10^12 to 10^12 cents achieved at random times of a day
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      long cents = (long) ((random.nextDouble() * 2 - 1) * 1e12);
      long at = DAY_START + (long) (random.nextDouble() * DAY);
      // Then the cents decode exactly
      assertThat(LeaderboardScore.cents(LeaderboardScore.encode(cents, at, DAY_START, DAY))).isEqualTo(cents);
    }
  }

  @Test
  void shouldRankByAmountThenByEarlierAchievement() {
    // Given one cent more, achieved at the very end of a day, against one cent less at its start
    double more = LeaderboardScore.encode(100_001, DAY_START + DAY - 1, DAY_START, DAY);
    double less = LeaderboardScore.encode(100_000, DAY_START, DAY_START, DAY);
    // Then the larger amount ranks higher
    assertThat(more).isGreaterThan(less);

    // Given equal amounts (up to 5,000.00) achieved one millisecond apart on a 1-day board
    for (long cents : new long[] {-500_000, 0, 1, 99_999, 500_000}) {
      double first = LeaderboardScore.encode(cents, DAY_START + 40_000_000, DAY_START, DAY);
      double second = LeaderboardScore.encode(cents, DAY_START + 40_000_001, DAY_START, DAY);
      // Then the first achiever ranks higher
      assertThat(first).as("cents %d", cents).isGreaterThan(second);
    }
  }
}

package dev.croupier.udfs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * {@link PlayerCells} against a plain map of (metric, game, window) to score: random events on a
 * few games and both window sizes, with windows closing in between (which moves cells within the
 * arrays, so every remembered position goes stale).
 */
class PlayerCellsTest {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final String[] GAMES = {null, "slots-1", "slots-2", "roulette", "blackjack"};

  private record Cell(Metric metric, String game, long size, long start) {}

  @Test
  void shouldKeepEveryScoreAPlainMapKeepsWhateverTheOrderOfEventsAndCloses() {
    Random random = new Random(42);
    PlayerCells cells = new PlayerCells();
    Map<Cell, long[]> oracle = new HashMap<>(); // {cents, achievedAt}
    long at = 0;
    for (int n = 0; n < 20_000; n++) {
      at += random.nextInt(60_000);
      if (random.nextInt(50) == 0) {
        long now = at - random.nextInt((int) HOUR);
        cells.closeDue(now, 0, "u1", new Discard(), new NoTimers());
        oracle.keySet().removeIf(c -> PlayerCells.closeOf(c.start, c.size, 0) <= now);
        continue;
      }
      Metric metric = Metric.values()[random.nextInt(3)];
      String game = GAMES[random.nextInt(GAMES.length)];
      long size = random.nextBoolean() ? HOUR : DAY;
      long start = LeaderboardWindows.startOf(at, size);
      long amount = 1 + random.nextInt(1_000);
      cells.apply(metric, game, size, start, amount, at);
      Cell cell = new Cell(metric, game, size, start);
      long[] s = oracle.get(cell);
      if (s == null) {
        oracle.put(cell, new long[] {amount, at});
      } else if (metric == Metric.BIGGEST_WIN) {
        if (amount > s[0]) {
          s[0] = amount;
          s[1] = at;
        }
      } else {
        s[0] += amount;
        s[1] = Math.max(s[1], at);
      }
    }

    Map<Cell, List<Long>> actual = new HashMap<>();
    for (int i = 0; i < cells.count; i++) {
      Cell c =
          new Cell(
              Metric.values()[cells.metric[i]],
              cells.gameId[i],
              cells.windowSize[i],
              cells.windowStart[i]);
      assertThat(actual.put(c, List.of(cells.cents[i], cells.achievedAt[i])))
          .as("one cell per board and window: %s", c)
          .isNull();
    }
    Map<Cell, List<Long>> expected = new HashMap<>();
    oracle.forEach((c, s) -> expected.put(c, List.of(s[0], s[1])));
    assertThat(expected).isNotEmpty();
    assertThat(actual).isEqualTo(expected);
  }

  private static final class Discard implements Collector<BoardUpdate> {
    @Override
    public void collect(BoardUpdate record) {}

    @Override
    public void close() {}
  }

  private static final class NoTimers implements TimerService {
    @Override
    public long currentProcessingTime() {
      return 0;
    }

    @Override
    public long currentWatermark() {
      return 0;
    }

    @Override
    public void registerProcessingTimeTimer(long time) {}

    @Override
    public void registerEventTimeTimer(long time) {}

    @Override
    public void deleteProcessingTimeTimer(long time) {}

    @Override
    public void deleteEventTimeTimer(long time) {}
  }
}

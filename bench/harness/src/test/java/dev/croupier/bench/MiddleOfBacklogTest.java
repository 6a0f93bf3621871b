package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.croupier.bench.report.MiddleRate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MiddleOfBacklogTest {
  private static final long MS = 1_000_000;

  @Test
  void shouldTimeTheSteadyRateAndLeaveASlowStartOut() {
    long expected = 1_000_000;
    MiddleOfBacklog m = new MiddleOfBacklog(expected);
    // 2 s of start-up at 1,000 records/s, then 100,000 records/s, counted every 100 ms.
    long t = 0;
    long count = 0;
    m.add(t, count);
    while (count < expected) {
      t += 100 * MS;
      count = Math.min(expected, count + (t <= 2_000 * MS ? 100 : 10_000));
      m.add(t, count);
    }

    MiddleRate r = m.rate().orElseThrow();
    assertThat(r.records()).isEqualTo(800_000);
    assertThat(r.eventsPerSecond()).isCloseTo(100_000, within(1.0));
    // The whole backlog's rate is lower: the start-up is in it.
    assertThat(expected / (t / 1e9)).isLessThan(85_000);
    assertThat(r.samples()).isEqualTo(80);
  }

  @Test
  void shouldInterpolateBetweenCountsAroundEachMark() {
    MiddleOfBacklog m = new MiddleOfBacklog(1_000);
    m.add(0, 0);
    m.add(1_000 * MS, 50);
    // 10 % (100 records) is passed halfway between 1 s and 2 s.
    m.add(2_000 * MS, 150);
    for (int i = 1; i <= 10; i++) {
      m.add((2_000 + 100 * i) * MS, 150 + 70L * i);
    }
    // 90 % (900 records) at 850 + 100 * (50 / 150) of the next second.
    m.add(4_000 * MS, 1_000);

    MiddleRate r = m.rate().orElseThrow();
    double from = 1.5;
    double to = 3.0 + (900 - 850) / 150.0;
    assertThat(r.wall().toNanos() / 1e9).isCloseTo(to - from, within(1e-6));
    assertThat(r.samples()).isEqualTo(11);
  }

  @Test
  void shouldNotTimeABacklogReadBetweenTooFewCounts() {
    MiddleOfBacklog m = new MiddleOfBacklog(1_000_000);
    m.add(0, 0);
    for (int i = 1; i <= 5; i++) {
      m.add(i * 100 * MS, i * 200_000L);
    }
    assertThat(m.rate()).isEmpty();
  }

  @Test
  void shouldNotTimeABacklogWhoseFirstCountIsPastTheFirstMark() {
    MiddleOfBacklog m = new MiddleOfBacklog(1_000);
    long count = 200;
    for (int i = 0; count <= 1_000; i++, count += 20) {
      m.add(i * 100 * MS, count);
    }
    assertThat(m.rate()).isEmpty();
  }

  @Test
  void shouldKeepTheTimeOfTheLastCountBelowAMarkWhenCountsRepeat() {
    MiddleOfBacklog m = new MiddleOfBacklog(100);
    m.add(0, 0);
    m.add(100 * MS, 5);
    m.add(200 * MS, 5); // an unchanged count: the line to the next starts here
    m.add(300 * MS, 15); // 10 at 250 ms
    for (int i = 1; i <= 15; i++) {
      m.add((300 + 100 * i) * MS, 15 + 5L * i);
    }
    // 90 at 1,800 ms
    Optional<MiddleRate> r = m.rate();
    assertThat(r).isPresent();
    assertThat(r.get().wall().toMillis()).isEqualTo(1_550);
  }
}

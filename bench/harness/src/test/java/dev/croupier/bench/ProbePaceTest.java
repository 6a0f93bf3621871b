package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The throughput probe's pace: rare questions while the end is far, frequent ones near it, and the
 * end seen in time whatever the job's rate does. Simulated: each answer is as old as it can be (the
 * previous question plus one fetch).
 */
class ProbePaceTest {
  private static final double FETCH = ProbePace.FETCH_INTERVAL.toMillis() / 1000.0;
  private static final double NEAR = ProbePace.NEAR.toMillis() / 1000.0;

  /** What a simulated probe saw of a run: the end's delay and the number of questions. */
  record Seen(double late, int questions, double longestWait) {}

  /**
   * Probes a run whose sources emitted {@code sent(t)} records by second {@code t}, of {@code
   * expected}, ending at {@code end}.
   */
  private static Seen probe(DoubleUnaryOperator sent, long expected, double end) {
    ProbePace pace = new ProbePace();
    double t = 0;
    double wait = NEAR;
    double longest = 0;
    int questions = 0;
    while (true) {
      questions++;
      double seenAt = Math.max(0, t - wait - FETCH);
      long emitted = (long) Math.min(expected, sent.applyAsDouble(seenAt));
      Duration d = pace.next(emitted, expected, 0, (long) (t * 1e9));
      if (d.isZero()) {
        return new Seen(t - end, questions, longest);
      }
      wait = d.toNanos() / 1e9;
      longest = Math.max(longest, wait);
      t += wait;
    }
  }

  /** A run at {@code rate}/s after {@code deadTime} s without records. */
  private static Seen steady(double deadTime, double rate, long expected) {
    return probe(t -> Math.max(0, t - deadTime) * rate, expected, deadTime + expected / rate);
  }

  @Test
  void shouldSeeTheEndOfAShortRunInTimeDespiteItsStartUp() {
    // a ceiling: 2 s starting, then 6.25 M records at 600k/s (12.4 s in all)
    Seen s = steady(2, 600_000, 6_250_000);
    assertThat(s.late()).isBetween(0.0, NEAR + FETCH + NEAR);
    assertThat(s.longestWait()).isLessThan(0.3);
  }

  @Test
  void shouldAskRarelyDuringALongRun() {
    // the three together: 10 minutes at 30k/s
    Seen s = steady(5, 30_000, 18_000_000);
    assertThat(s.late()).isBetween(0.0, NEAR + FETCH + NEAR);
    assertThat(s.longestWait()).isEqualTo(ProbePace.FAR.toMillis() / 1000.0);
    // every 0.1 s all along would be 6,000 questions
    assertThat(s.questions()).isLessThan(600);
  }

  @Test
  void shouldSeeTheEndInTimeWhenAJobSpeedsUpToTwiceItsAverage() {
    // 4k/s for the first 60 s, then 8k/s: the rate so far underestimates the rate now
    long expected = 1_000_000;
    double end = 60 + (expected - 4_000 * 60) / 8_000.0;
    Seen s = probe(t -> t <= 60 ? 4_000 * t : 240_000 + 8_000 * (t - 60), expected, end);
    assertThat(s.late()).isBetween(0.0, NEAR + FETCH + NEAR);
  }

  @Test
  void shouldSeeTheEndInTimeWhenAJobSlowsDown() {
    long expected = 1_000_000;
    double end = 60 + (expected - 8_000 * 60) / 4_000.0;
    Seen s = probe(t -> t <= 60 ? 8_000 * t : 480_000 + 4_000 * (t - 60), expected, end);
    assertThat(s.late()).isBetween(0.0, NEAR + FETCH + NEAR);
  }

  @Test
  void shouldBoundTheDelayByTheTimeSoFarWhateverTheEstimate() {
    // a job that runs 10x its rate so far in its last seconds is seen no later than 2 % of the run
    long expected = 1_000_000;
    double end = 100 + (expected - 9_000 * 100) / 90_000.0;
    Seen s = probe(t -> t <= 100 ? 9_000 * t : 900_000 + 90_000 * (t - 100), expected, end);
    assertThat(s.late()).isBetween(0.0, end * ProbePace.RELATIVE_BOUND + FETCH + NEAR);
  }

  @Test
  void shouldNotWaitOnceEveryRecordWasEmitted() {
    assertThat(new ProbePace().next(10, 10, 0, 1_000_000_000L)).isEqualTo(Duration.ZERO);
  }
}

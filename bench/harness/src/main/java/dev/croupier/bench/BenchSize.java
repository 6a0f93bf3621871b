package dev.croupier.bench;

import java.time.Duration;
import java.util.List;

/**
 * How big a benchmark run is: the backlog (players and at least how many events of the simulator's
 * realistic mix), the fixed input rates of the latency steps and how long each step sends, how long
 * the live step sends (event time at wall-clock speed; zero: none), how long the warm-up before the
 * steps sends, and how long a measurement may take before it counts as never caught up.
 */
record BenchSize(
    String name,
    int players,
    long minEvents,
    List<Integer> latencyRates,
    Duration latencyStep,
    Duration liveStep,
    Duration warmUp,
    Duration catchUpTimeout) {

  /** CI: a few minutes on two cores. */
  static final BenchSize SMOKE =
      new BenchSize(
          "smoke",
          5_000,
          50_000,
          List.of(1_000),
          Duration.ofSeconds(20),
          Duration.ZERO, // 5,000 players send a few events a second at wall-clock speed: no alerts
          Duration.ofSeconds(20),
          Duration.ofMinutes(5));

  /** The size: at least 5 M events from 200,000 players. */
  static final BenchSize FULL =
      new BenchSize(
          "full",
          200_000,
          5_000_000,
          List.of(1_000, 5_000, 20_000),
          Duration.ofSeconds(60),
          Duration.ofSeconds(180),
          // One step's length: twice that did not shorten the first step's tail (fourteenth round).
          Duration.ofSeconds(60),
          Duration.ofMinutes(40));

  /**
   * Only these latency steps: the fixed {@code rates} and the live step if {@code live} (as long as
   * the full size's when this size has none).
   */
  BenchSize withLatencySteps(List<Integer> rates, boolean live) {
    Duration liveLength = live ? (liveStep.isZero() ? FULL.liveStep : liveStep) : Duration.ZERO;
    return new BenchSize(
        name,
        players,
        minEvents,
        List.copyOf(rates),
        latencyStep,
        liveLength,
        warmUp,
        catchUpTimeout);
  }

  BenchSize withWarmUp(Duration length) {
    return new BenchSize(
        name, players, minEvents, latencyRates, latencyStep, liveStep, length, catchUpTimeout);
  }

  BenchSize withBacklog(int players, long minEvents) {
    return new BenchSize(
        name, players, minEvents, latencyRates, latencyStep, liveStep, warmUp, catchUpTimeout);
  }
}

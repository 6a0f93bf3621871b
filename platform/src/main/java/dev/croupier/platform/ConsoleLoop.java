package dev.croupier.platform;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a running platform until the simulation ends, the wall duration is over or a stop is
 * requested: the live view redrawn every second, or a status line every 5 s.
 */
final class ConsoleLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleLoop.class);
  private static final long TICK_MILLIS = 1_000;
  private static final int LINE_EVERY_TICKS = 5;
  private static final int RATE_WINDOW_TICKS = 10;

  private final PlatformRun run;
  private final PrintWriter out;
  private final LiveView view;
  private final boolean live;

  ConsoleLoop(PlatformRun run, PrintWriter out, boolean live) {
    this.run = run;
    this.out = out;
    this.view = new LiveView(run);
    this.live = live;
  }

  void watch(Duration duration, BooleanSupplier stopRequested) throws Exception {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    // Rates over the last ~10 s: alerts arrive in bursts, when a checkpoint commits them.
    java.util.ArrayDeque<PlatformStatus> history = new java.util.ArrayDeque<>();
    history.add(run.status());
    if (!live) {
      out.printf(
          "Kafka %s  Registry %s  Redis %s:%d  Flink web UI %s%n",
          run.kafkaBootstrap(), run.registryUrl(), run.redisHost(), run.redisPort(), run.webUi());
    }
    for (long tick = 1; ; tick++) {
      long next = start + tick * TICK_MILLIS * 1_000_000;
      while (System.nanoTime() < next) {
        if (stopRequested.getAsBoolean() || run.simulationFinished()) {
          return;
        }
        Thread.sleep(50);
      }
      if (System.nanoTime() >= end) {
        return;
      }
      PlatformStatus now;
      try {
        now = run.status();
      } catch (Exception e) {
        LOG.warn("Could not read the platform's status", e);
        continue;
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      PlatformStatus before = history.peekFirst();
      history.addLast(now);
      if (history.size() > RATE_WINDOW_TICKS) {
        history.removeFirst();
      }
      if (live) {
        out.print(view.frame(now, before, elapsed));
      } else if (tick % LINE_EVERY_TICKS == 0) {
        out.println(LiveView.line(now, before, elapsed));
      }
      out.flush();
    }
  }
}

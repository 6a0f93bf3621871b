package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.drills.traffic.TrafficSettings;
import dev.croupier.simulator.SimulatorSettings;
import dev.croupier.simulator.event.SimEvent;
import java.time.Duration;
import java.util.Iterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BacklogTest {

  /**
   * A latency step sends its rate for its whole length: the traffic holds its events within {@link
   * Backlog#LATENCY_SPAN}, before the next step's day. Sized by the population's average rate, the
   * full run's 1,000/s step held 6,414 events of its 60,000.
   */
  @ParameterizedTest(name = "{0} players at {1}/s for {2} s")
  @CsvSource({"5000, 1000, 30", "200000, 1000, 60", "200000, 5000, 60"})
  void aLatencyStepsTrafficHoldsItsRateForItsLength(int players, int rate, int seconds) {
    long target = Backlog.latencyEvents(rate, Duration.ofSeconds(seconds));
    SimulatorSettings s =
        Backlog.latencyTraffic(
            players, rate, TrafficSettings.START.plus(Duration.ofDays(31)), Backlog.SEED + 1);

    Iterator<SimEvent> events = s.simulator().events(label -> {});
    long n = 0;
    SimEvent last = null;
    while (n < target && events.hasNext()) {
      last = events.next();
      n++;
    }

    assertThat(n).as("events before the traffic's end").isEqualTo(target);
    assertThat(last.occurredAt())
        .as("the step's last event, before the next step's day")
        .isLessThan(TrafficSettings.START.plus(Duration.ofDays(32)).toEpochMilli());
  }
}

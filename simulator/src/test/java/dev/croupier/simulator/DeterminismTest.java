package dev.croupier.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.simulator.event.SimEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Same settings, same bytes; another seed, another platform; always in event-time order. */
class DeterminismTest {
  private static final Instant NEW_YEAR = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration THREE_HOURS = Duration.ofHours(3);

  private static Fingerprint fingerprint(long seed) {
    Fingerprint f = new Fingerprint();
    Iterator<SimEvent> events =
        Simulator.builder()
            .players(3_000)
            .seed(seed)
            .fraudRate(0.05)
            .badRecordRate(0.001)
            .start(NEW_YEAR)
            .duration(THREE_HOURS)
            .build()
            .events(label -> {});
    events.forEachRemaining(f::add);
    return f;
  }

  @Test
  void shouldSendByteIdenticalEventsForTheSameSeed() {
    Fingerprint first = fingerprint(42);
    Fingerprint second = fingerprint(42);

    assertThat(first.events()).isGreaterThan(10_000);
    assertThat(second.events()).isEqualTo(first.events());
    assertThat(second.hex()).isEqualTo(first.hex());
  }

  @Test
  void shouldSendDifferentEventsForAnotherSeed() {
    assertThat(fingerprint(43).hex()).isNotEqualTo(fingerprint(42).hex());
  }

  @Test
  void shouldRepeatTheRunWhenTheSameSimulatorIsAskedTwice() {
    Simulator sim =
        Simulator.builder().players(500).seed(5).start(NEW_YEAR).duration(THREE_HOURS).build();
    Fingerprint first = new Fingerprint();
    Fingerprint second = new Fingerprint();
    sim.events(label -> {}).forEachRemaining(first::add);
    sim.events(label -> {}).forEachRemaining(second::add);

    assertThat(second.hex()).isEqualTo(first.hex());
  }

  @Test
  void shouldEmitInEventTimeOrderWithinTheRunAndWithUniqueIds() {
    Iterator<SimEvent> events =
        Simulator.builder()
            .players(2_000)
            .seed(9)
            .fraudRate(0.05)
            .start(NEW_YEAR)
            .duration(THREE_HOURS)
            .build()
            .events(label -> {});
    long previous = Long.MIN_VALUE;
    Set<String> ids = new HashSet<>();
    while (events.hasNext()) {
      SimEvent e = events.next();
      assertThat(e.occurredAt())
          .isGreaterThanOrEqualTo(previous)
          .isGreaterThanOrEqualTo(NEW_YEAR.toEpochMilli())
          .isLessThan(NEW_YEAR.plus(THREE_HOURS).toEpochMilli());
      assertThat(ids.add(e.eventId())).as("unique eventId %s", e.eventId()).isTrue();
      previous = e.occurredAt();
    }
  }
}

package dev.croupier.simulator.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.simulator.Simulator;
import dev.croupier.simulator.event.SimEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the event log holds is exactly what was sent, bad records included. */
class EventLogTest {
  private static final Instant START = Instant.parse("2026-05-01T09:00:00Z");

  @Test
  void shouldReadBackExactlyTheEventsSent(@TempDir Path dir) {
    Path log = dir.resolve("events.jsonl");
    ListSink sent = new ListSink();
    try (EventLogSink file = new EventLogSink(log)) {
      Simulator.builder()
          .players(400)
          .seed(3)
          .fraudRate(0.2)
          .badRecordRate(0.01)
          .start(START)
          .duration(Duration.ofHours(2))
          .build()
          .run(EventSink.tee(sent, file), label -> {});
    }
    List<SimEvent> read = new ArrayList<>();
    new EventLogReader().read(log, read::add);

    assertThat(read).hasSameSizeAs(sent.events());
    assertThat(sent.events()).anyMatch(SimEvent::isBad).anyMatch(e -> e.raw() != null);
    for (int i = 0; i < read.size(); i++) {
      SimEvent expected = sent.events().get(i);
      SimEvent actual = read.get(i);
      assertThat(actual.topic()).isEqualTo(expected.topic());
      assertThat(actual.key()).isEqualTo(expected.key());
      assertThat(actual.occurredAt()).isEqualTo(expected.occurredAt());
      assertThat(actual.bad()).isEqualTo(expected.bad());
      assertThat(actual.value()).isEqualTo(expected.value());
      assertThat(actual.raw()).isEqualTo(expected.raw());
    }
  }

  @Test
  void shouldNameTheLineItCannotRead(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("broken.jsonl");
    Files.writeString(log, "{\"topic\":\"platform.nope\",\"key\":\"u1\",\"occurredAt\":1}\n");

    assertThatThrownBy(() -> new EventLogReader().read(log, e -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.jsonl:1");
  }
}

package dev.croupier.drills.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.drills.traffic.RecordFuzzer;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.SimulatorSettings;
import dev.croupier.simulator.event.SimEvent;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The drills' own record mutator (drill 7): what it mixes in, the contract rejects. */
class RecordFuzzerTest {

  @Test
  void shouldMixInAboutOnePercentOfMutantsThatEveryInputContractRejects() {
    RecordFuzzer fuzzer = new RecordFuzzer(11L, 0.01);
    Iterator<SimEvent> events =
        SimulatorSettings.builder()
            .players(3_000)
            .seed(3L)
            .fraudRate(0.2)
            .start(Instant.parse("2026-03-02T08:00:00Z"))
            .duration(Duration.ofHours(2))
            .acceleration(0)
            .settings()
            .simulator()
            .events(label -> {});
    long originals = 0;
    List<SimEvent> mutants = new ArrayList<>();
    while (events.hasNext()) {
      SimEvent e = events.next();
      originals++;
      SimEvent m = fuzzer.mutantOf(e);
      if (m != null) {
        mutants.add(m);
      }
    }
    assertThat(originals).isGreaterThan(10_000);
    assertThat((double) mutants.size() / originals).isBetween(0.007, 0.013);
    assertThat(fuzzer.mutants()).isEqualTo(mutants.size());

    Set<String> identities = new HashSet<>();
    Set<String> topics = new HashSet<>();
    int raw = 0;
    for (SimEvent m : mutants) {
      assertThat(m.isBad()).as("a mutant is labelled bad: %s", m).isTrue();
      topics.add(m.topic().name());
      if (m.raw() != null) {
        raw++;
        // Never a decodable wire record: no magic byte, or too short for the 5-byte header.
        assertThat(m.raw()[0] != 0 || m.raw().length < 5).isTrue();
        // The dead letter's identity, read back from the bytes, is the one the oracle expects.
        assertThat(CommittedOutputs.identity(ByteBuffer.wrap(m.raw())))
            .isEqualTo(Expectations.identity(m));
      } else {
        assertThat(RecordFuzzer.violation(m.topic(), m.value()))
            .as("the topic's own field rules reject %s", m.value())
            .isNotNull();
      }
      // A cut header has at most 4 bytes, so those repeat (the comparison counts each identity);
      // every other mutant is known by an identity of its own.
      boolean cut = m.raw() != null && m.raw().length < 5;
      assertThat(identities.add(Expectations.identity(m)) || cut)
          .as("a distinct identity for %s", Expectations.identity(m))
          .isTrue();
    }
    assertThat(raw).isBetween(mutants.size() / 2, mutants.size() - 1);
    assertThat(topics).containsAll(Topics.INPUTS.stream().map(t -> t.name()).toList());
  }

  @Test
  void shouldNotMutateTheSimulatorsOwnBrokenRecords() {
    RecordFuzzer fuzzer = new RecordFuzzer(1L, 0.5);
    SimEvent bad =
        new SimEvent(
            Topics.BETS,
            "u1",
            0L,
            null,
            new byte[] {1, 2},
            dev.croupier.simulator.event.BadRecordKind.NOT_WIRE_FORMAT);
    for (int i = 0; i < 100; i++) {
      assertThat(fuzzer.mutantOf(bad)).isNull();
    }
  }
}

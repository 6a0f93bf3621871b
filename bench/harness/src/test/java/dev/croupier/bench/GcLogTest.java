package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.bench.report.GcPauses;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {
  // Lines as -Xlog:gc:file=...:time writes them (JDK 17, G1).
  private static final List<String> LOG =
      List.of(
          "[2026-12-04T16:04:57.234+0000] Using G1",
          "[2026-12-04T16:05:00.646+0000] GC(0) Pause Young (Concurrent Start) (Metadata GC"
              + " Threshold) 72M->13M(1588M) 41.627ms",
          "[2026-12-04T16:05:00.646+0000] GC(1) Concurrent Mark Cycle",
          "[2026-12-04T16:05:00.700+0000] GC(1) Pause Remark 14M->14M(1588M) 7.101ms",
          "[2026-12-04T16:05:00.750+0000] GC(1) Pause Cleanup 14M->14M(1588M) 0.215ms",
          "[2026-12-04T16:05:00.760+0000] GC(1) Concurrent Mark Cycle 113.925ms",
          "[2026-12-04T16:12:53.936+0000] GC(68) Pause Young (Normal) (G1 Evacuation Pause)"
              + " 1159M->252M(1588M) 151.079ms",
          "[2026-12-04T16:13:03.176+0000] GC(69) Pause Young (Normal) (G1 Evacuation Pause)"
              + " 1093M->262M(1588M) 255.439ms",
          "[2026-12-04T16:13:03.8",
          "[2026-12-04T16:13:40.437+0000] GC(78) Pause Young (Normal) (G1 Evacuation Pause)"
              + " 1011M->335M(1588M) 79.279ms");

  private static long at(String time) {
    return OffsetDateTime.parse(time + "Z").toInstant().toEpochMilli();
  }

  @Test
  void shouldReadEveryPauseAndNoConcurrentPhase() {
    List<GcLog.Pause> pauses = GcLog.pauses(LOG);

    assertThat(pauses)
        .extracting(GcLog.Pause::kind)
        .containsExactly(
            "Pause Young (Concurrent Start) (Metadata GC Threshold)",
            "Pause Remark",
            "Pause Cleanup",
            "Pause Young (Normal) (G1 Evacuation Pause)",
            "Pause Young (Normal) (G1 Evacuation Pause)",
            "Pause Young (Normal) (G1 Evacuation Pause)");
    assertThat(pauses.get(0).atMs()).isEqualTo(at("2026-12-04T16:05:00.646"));
    assertThat(pauses.get(3).ms()).isEqualTo(151.079);
  }

  @Test
  void shouldSumThePausesOfAStepsWindowOnly() {
    GcPauses step =
        GcLog.summary(
            GcLog.pauses(LOG),
            "taskmanager-1",
            5_000,
            at("2026-12-04T16:12:40.000"),
            at("2026-12-04T16:13:40.000"));

    // the pause at 16:13:40.437 ended after the window
    assertThat(step)
        .isEqualTo(
            new GcPauses(
                "taskmanager-1",
                5_000,
                60_000,
                2,
                407,
                151,
                255,
                "Pause Young (Normal) (G1 Evacuation Pause)"));
    assertThat(step.share()).isEqualTo(407 / 60_000.0);
  }

  @Test
  void shouldReportAQuietWindowAsNoPauses() {
    GcPauses quiet =
        GcLog.summary(
            GcLog.pauses(LOG),
            "taskmanager-1",
            1_000,
            at("2026-12-04T17:00:00.000"),
            at("2026-12-04T17:01:00.000"));

    assertThat(quiet.pauses()).isZero();
    assertThat(quiet.totalMs()).isZero();
    assertThat(quiet.longestKind()).isEqualTo("–");
  }
}

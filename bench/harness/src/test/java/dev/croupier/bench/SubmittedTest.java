package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmittedTest {

  @Test
  void shouldCancelEveryKnownJobThatHasNotEndedWhetherOrNotItsFlinkRunReturned() {
    // "late" was accepted by Flink although its flink run failed: cancelled like the others.
    Map<String, String> flink =
        Map.of(
            "running", "RUNNING",
            "late", "CREATED",
            "restarting", "RESTARTING",
            "failed", "FAILED",
            "cancelled", "CANCELED",
            "finished", "FINISHED");
    Submitted.JobStates states =
        id -> {
          String state = flink.get(id);
          if (state == null) {
            throw new IOException("GET /jobs/" + id + " answered 404");
          }
          return state;
        };

    assertThat(
            Submitted.toCancel(
                List.of(
                    "running",
                    "never-accepted",
                    "late",
                    "failed",
                    "restarting",
                    "cancelled",
                    "finished"),
                states))
        .containsExactly("running", "late", "restarting");
  }
}

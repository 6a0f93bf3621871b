package dev.croupier.drills.drill;

import java.time.Duration;

/**
 * One fault a drill injected and how long the jobs took to come back from it.
 *
 * @param restore from the fault to every job running all its subtasks again (null if the jobs never
 *     stopped)
 * @param checkpointing from the fault to every job having completed a checkpoint after it
 */
public record FaultRecord(String what, Duration restore, Duration checkpointing) {
  public String describe() {
    return what
        + (restore == null ? "" : ", running again after " + Durations.seconds(restore))
        + (checkpointing == null
            ? ""
            : ", checkpointing after " + Durations.seconds(checkpointing));
  }
}

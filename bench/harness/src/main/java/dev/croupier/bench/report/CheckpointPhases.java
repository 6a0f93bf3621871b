package dev.croupier.bench.report;

/**
 * Where one task's checkpoint time went during one latency step, from the REST API's per-subtask
 * figures of every checkpoint the step triggered. Each phase takes the slowest subtask of each
 * checkpoint, then the average and the maximum over the step's checkpoints: the start delay
 * (trigger until the first barrier arrived), the alignment (first barrier until the last), the
 * synchronous part (the task thread snapshots its operators' state), the asynchronous part (the
 * state written out behind the task thread), and the rest of the subtask's end-to-end time: the
 * operators' work before the barrier goes on (sinks flushing what they hold) and the
 * acknowledgement. The start delay holds back the checkpoint, not the records: the task works on
 * until the barrier comes. The alignment holds back the inputs that delivered their barrier, and
 * the sync part and the work before the barrier hold the whole task; the async part runs beside it.
 */
public record CheckpointPhases(
    String job,
    String task,
    int targetRate,
    int checkpoints,
    Phase endToEnd,
    Phase startDelay,
    Phase alignment,
    Phase sync,
    Phase async,
    Phase rest) {

  /** A phase's average and maximum over the step's checkpoints, in milliseconds. */
  public record Phase(long avgMs, long maxMs) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%,d / %,d ms", avgMs, maxMs);
    }

    /** The average and maximum of {@code perCheckpointMs}; zero for none. */
    public static Phase of(long[] perCheckpointMs) {
      long sum = 0;
      long max = 0;
      for (long v : perCheckpointMs) {
        sum += v;
        max = Math.max(max, v);
      }
      return new Phase(perCheckpointMs.length == 0 ? 0 : sum / perCheckpointMs.length, max);
    }
  }

  /**
   * The time that holds the task's records back on average, at most: the alignment, the sync part
   * and the rest (mostly the work before the barrier; the acknowledgement does not hold records).
   */
  public long blockingAvgMs() {
    return alignment.avgMs() + sync.avgMs() + rest.avgMs();
  }
}

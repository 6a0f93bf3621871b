package dev.croupier.bench.report;

/**
 * The stop-the-world garbage-collection pauses of one Flink process during one latency step, from
 * the process's GC log: how many, their sum (and its share of the step's window), their median and
 * longest. A pause stops every task of the process at once, whichever job it belongs to, so in a
 * TaskManager that holds all three jobs one job's garbage delays the others' records.
 */
public record GcPauses(
    String process,
    int targetRate,
    long windowMs,
    int pauses,
    long totalMs,
    long p50Ms,
    long maxMs,
    String longestKind) {

  /** The pauses' sum as a share of the window: the time every task of the process stood still. */
  public double share() {
    return windowMs == 0 ? 0 : totalMs / (double) windowMs;
  }
}

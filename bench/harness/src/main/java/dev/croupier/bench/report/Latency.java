package dev.croupier.bench.report;

/**
 * Latency of one path at one fixed input rate, in milliseconds from the producer's send call to the
 * effect the bench observed: {@code samples} events, their p50, p99 and maximum. {@code goalP99Ms}
 * is the goal at this rate (null: none).
 */
public record Latency(
    String path,
    int targetRate,
    double achievedRate,
    int samples,
    double p50Ms,
    double p99Ms,
    double maxMs,
    Double goalP99Ms) {

  /** The target rate of the live step: the simulator's own, with event time at wall-clock speed. */
  public static final int LIVE = 0;

  /** "1,000/s", or "live" for {@link #LIVE}. */
  public String rateLabel() {
    return targetRate == LIVE ? "live" : String.format(java.util.Locale.ROOT, "%,d/s", targetRate);
  }

  /** The latency of {@code path} from raw samples (milliseconds). */
  public static Latency of(
      String path, int targetRate, double achievedRate, double[] samplesMs, Double goalP99Ms) {
    double[] s = samplesMs.clone();
    java.util.Arrays.sort(s);
    return new Latency(
        path,
        targetRate,
        achievedRate,
        s.length,
        percentile(s, 0.50),
        percentile(s, 0.99),
        s.length == 0 ? 0 : s[s.length - 1],
        goalP99Ms);
  }

  /** Nearest-rank percentile of sorted values; 0 for none. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}

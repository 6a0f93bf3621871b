package dev.croupier.jobs.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/**
 * Reads a running job's own metrics through Flink's {@link InMemoryReporter} (created with retained
 * metrics, so they outlive the job): an operator's input watermark, completed checkpoints,
 * restarts, counters. Lets a test wait for a causal condition (the watermark has passed X) instead
 * of sleeping.
 */
public final class JobProbe {
  private final InMemoryReporter reporter;
  private final JobID job;

  public JobProbe(InMemoryReporter reporter, JobID job) {
    this.reporter = reporter;
    this.job = job;
  }

  /**
   * The lowest input watermark over the latest attempts of an operator's {@code parallelism}
   * subtasks (the reporter retains the metrics of earlier attempts), MIN if not all have started.
   */
  public long inputWatermark(String operatorName, int parallelism) {
    Map<String, OperatorMetricGroup> latest = new HashMap<>();
    for (OperatorMetricGroup g : reporter.findOperatorMetricGroups(job, operatorName)) {
      latest.merge(
          g.getAllVariables().get("<subtask_index>"),
          g,
          (a, b) -> attempt(a) >= attempt(b) ? a : b);
    }
    if (latest.size() != parallelism) {
      return Long.MIN_VALUE;
    }
    long min = Long.MAX_VALUE;
    for (OperatorMetricGroup g : latest.values()) {
      Metric m = reporter.getMetricsByGroup(g).get("currentInputWatermark");
      if (!(m instanceof Gauge<?> gauge) || !(gauge.getValue() instanceof Long w)) {
        return Long.MIN_VALUE;
      }
      min = Math.min(min, w);
    }
    return min;
  }

  private static int attempt(OperatorMetricGroup g) {
    return Integer.parseInt(g.getAllVariables().get("<task_attempt_num>"));
  }

  public long completedCheckpoints() {
    return gaugeValue("numberOfCompletedCheckpoints");
  }

  public long restarts() {
    return gaugeValue("numRestarts");
  }

  /**
   * The sum of the counters whose identifier matches {@code pattern}; for runs without restarts
   * (ids repeat per attempt).
   */
  public long counterSum(String pattern) {
    long sum = 0;
    for (Map.Entry<String, Metric> e : reporter.findMetrics(job, pattern).entrySet()) {
      if (e.getValue() instanceof Counter c) {
        sum += c.getCount();
      }
    }
    return sum;
  }

  private long gaugeValue(String name) {
    return reporter
        .findMetric(job, name)
        .filter(m -> m instanceof Gauge<?> g && g.getValue() instanceof Number)
        .map(m -> ((Number) ((Gauge<?>) m).getValue()).longValue())
        .orElse(-1L);
  }

  /**
   * Polls {@code condition} every 50 ms until it holds; fails naming {@code what} after {@code
   * timeout}.
   */
  public static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}

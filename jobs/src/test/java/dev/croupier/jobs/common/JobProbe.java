package dev.croupier.jobs.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
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
    Map<String, OperatorMetricGroup> latest = latestAttempts(operatorName);
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

  /**
   * Each subtask's latest attempt of an operator and the values of its gauges named {@code gauges},
   * e.g. {@code {0#1={currentInputWatermark=…}}} (subtask index # attempt; a gauge the group lacks
   * shows null): what a timed-out wait reports, so that a failure says which input held the
   * watermark back.
   */
  public String gauges(String operatorName, String... gauges) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Map.Entry<String, OperatorMetricGroup> e : latestAttempts(operatorName).entrySet()) {
      Map<String, Metric> metrics = reporter.getMetricsByGroup(e.getValue());
      Map<String, Object> values = new TreeMap<>();
      for (String name : gauges) {
        values.put(name, metrics.get(name) instanceof Gauge<?> g ? g.getValue() : null);
      }
      out.put(e.getKey() + "#" + attempt(e.getValue()), values);
    }
    return operatorName + " " + out;
  }

  private Map<String, OperatorMetricGroup> latestAttempts(String operatorName) {
    Map<String, OperatorMetricGroup> latest = new HashMap<>();
    for (OperatorMetricGroup g : reporter.findOperatorMetricGroups(job, operatorName)) {
      latest.merge(
          g.getAllVariables().get("<subtask_index>"),
          g,
          (a, b) -> attempt(a) >= attempt(b) ? a : b);
    }
    return latest;
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
    await(what, timeout, condition, () -> "");
  }

  /** As above; a time-out also says {@code state} (what the job showed when it gave up). */
  public static void await(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> state)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        String seen = state.get();
        throw new AssertionError(
            "Timed out after "
                + timeout
                + " waiting for "
                + what
                + (seen.isEmpty() ? "" : "; the job showed " + seen));
      }
      Thread.sleep(50);
    }
  }
}

package dev.croupier.udfs.metrics;

import org.apache.flink.metrics.MetricGroup;

/**
 * The one metric layout of every Croupier function: its metrics live in the operator's group under
 * {@code croupier} (a Prometheus reporter shows {@code ..._croupier_<name>}), so dashboards find
 * them in one place whatever operator registered them.
 */
public final class CroupierMetrics {
  /** The group every Croupier metric sits in. */
  public static final String GROUP = "croupier";

  private CroupierMetrics() {}

  /** The {@code croupier} group inside an operator's (or a serde's) metric group. */
  public static MetricGroup of(MetricGroup operatorGroup) {
    return operatorGroup.addGroup(GROUP);
  }
}

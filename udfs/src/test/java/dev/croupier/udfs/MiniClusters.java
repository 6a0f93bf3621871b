package dev.croupier.udfs;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniClusters of the functions' pipeline tests. */
public final class MiniClusters {
  private MiniClusters() {}

  /** One TaskManager with two slots: a pipeline at parallelism 2, as the jobs run by default. */
  public static MiniClusterExtension twoSlots() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());
  }
}

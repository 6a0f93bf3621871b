package dev.croupier.platform;

import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink MiniCluster with its web UI on 127.0.0.1, installed as the context environment: a job's
 * own {@code StreamExecutionEnvironment.getExecutionEnvironment(conf)} then runs on it, so the
 * platform submits the very code a real cluster runs.
 */
public final class LocalFlinkCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);
  private final MiniCluster miniCluster;
  private final URI webUi;

  private LocalFlinkCluster(MiniCluster miniCluster, URI webUi) {
    this.miniCluster = miniCluster;
    this.webUi = webUi;
  }

  /**
   * Starts a cluster with {@code slots} task slots and its web UI on {@code webUiPort}, or on a
   * free port if that one is taken ({@code 0} picks a free port straight away).
   */
  public static LocalFlinkCluster start(int webUiPort, int slots, int defaultParallelism)
      throws Exception {
    try {
      return start(String.valueOf(webUiPort), slots, defaultParallelism);
    } catch (Exception e) {
      if (webUiPort == 0) {
        throw e;
      }
      LOG.warn("Web UI port {} is taken ({}); using a free port", webUiPort, e.getMessage());
      return start("0", slots, defaultParallelism);
    }
  }

  private static LocalFlinkCluster start(String bindPort, int slots, int defaultParallelism)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, bindPort);
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("256m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("128m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("128m"));
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    try {
      cluster.start();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    TestStreamEnvironment.setAsContext(cluster, defaultParallelism);
    return new LocalFlinkCluster(cluster, cluster.getRestAddress().get());
  }

  public URI webUi() {
    return webUi;
  }

  public MiniCluster miniCluster() {
    return miniCluster;
  }

  @Override
  public void close() throws Exception {
    TestStreamEnvironment.unsetAsContext();
    miniCluster.close();
  }
}

package dev.croupier.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.config.RuntimeSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;

/** The runtime every job gets by default, and what the job.* keys change. */
class JobEnvironmentTest {

  private static Configuration configured(Map<String, String> extra) {
    return configured(extra, RuntimeSettings.StateBackend.HASHMAP);
  }

  private static Configuration configured(
      Map<String, String> extra, RuntimeSettings.StateBackend backend) {
    Map<String, String> values = new HashMap<>();
    values.put("kafka.bootstrap-servers", "kafka:9092");
    values.put("registry.url", "http://registry:8080");
    values.putAll(extra);
    RuntimeSettings r = CommonJobConfig.from(ConfigValues.of(values), "test", backend).runtime();
    return JobEnvironment.configuration(r);
  }

  @Test
  void shouldRestartWithExponentialDelayThatResetsAfterCalmRunning() {
    Configuration c = configured(Map.of());
    assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
    assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(
            c.get(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
        .isEqualTo(30);
  }

  @Test
  void shouldFixMaxParallelismAndBoundCheckpoints() {
    Configuration c = configured(Map.of());
    assertThat(c.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(128);
    assertThat(c.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isEqualTo(5);
    assertThat(c.contains(CheckpointingOptions.CHECKPOINT_STORAGE)).isFalse();
  }

  @Test
  void shouldStoreCheckpointsInFilesWhenGivenADirectory() {
    Configuration c =
        configured(
            Map.of(
                "job.checkpoint-dir", "file:///var/croupier/checkpoints",
                "job.max-parallelism", "720",
                "job.parallelism", "4"));
    assertThat(c.get(CheckpointingOptions.CHECKPOINT_STORAGE)).isEqualTo("filesystem");
    assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo("file:///var/croupier/checkpoints");
    assertThat(c.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(720);
  }

  @Test
  void shouldNotRestartAtAllWhenTheBudgetIsZero() {
    Configuration c = configured(Map.of("job.restart-attempts", "0"));
    assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("none");
  }

  @Test
  void shouldUseBloomFiltersOnRocksDbSoThatLookupsOfAbsentKeysSkipSstFiles() {
    Configuration rocks = configured(Map.of(), RuntimeSettings.StateBackend.ROCKSDB);
    assertThat(rocks.getString("state.backend.rocksdb.use-bloom-filter", null)).isEqualTo("true");
    Configuration heap = configured(Map.of());
    assertThat(heap.containsKey("state.backend.rocksdb.use-bloom-filter")).isFalse();
  }

  @Test
  void shouldPartitionRocksDbFiltersSoThatACacheMissReadsOnePartitionNotAWholeFilter() {
    Configuration rocks = configured(Map.of(), RuntimeSettings.StateBackend.ROCKSDB);
    assertThat(rocks.getString("state.backend.rocksdb.memory.partitioned-index-filters", null))
        .isEqualTo("true");
    Configuration heap = configured(Map.of());
    assertThat(heap.containsKey("state.backend.rocksdb.memory.partitioned-index-filters"))
        .isFalse();
  }
}

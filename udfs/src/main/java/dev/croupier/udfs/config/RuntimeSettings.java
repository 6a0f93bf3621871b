package dev.croupier.udfs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a job runs: parallelism (0 = the cluster's default), checkpointing, state backend, restart
 * strategy and the network buffer timeout (latency-sensitive jobs want a few milliseconds).
 */
public record RuntimeSettings(
    int parallelism,
    Duration checkpointInterval,
    StateBackend stateBackend,
    String checkpointDir,
    int restartAttempts,
    Duration restartDelay,
    Duration bufferTimeout)
    implements Serializable {

  /** Where keyed state lives. Heap is fastest; RocksDB holds more than memory. */
  public enum StateBackend {
    HASHMAP,
    ROCKSDB
  }

  static RuntimeSettings from(ConfigValues c, StateBackend defaultBackend) {
    return new RuntimeSettings(
        c.intBetween("job.parallelism", 0, 0, 4096),
        c.duration("job.checkpoint-interval", Duration.ofSeconds(10)),
        c.enumValue("job.state-backend", defaultBackend),
        c.string("job.checkpoint-dir", null),
        c.intBetween("job.restart-attempts", 10, 0, 1_000_000),
        c.duration("job.restart-delay", Duration.ofSeconds(5)),
        c.duration("job.buffer-timeout", Duration.ofMillis(5)));
  }
}

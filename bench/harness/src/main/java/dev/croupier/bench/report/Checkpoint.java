package dev.croupier.bench.report;

/**
 * A job's checkpoints as its REST API reported them at the end of its run over the backlog:
 * completed count, average and maximum end-to-end duration, the latest full state size and what the
 * latest one wrote (incremental on RocksDB), and the players whose events it had read.
 */
public record Checkpoint(
    String job,
    String stateBackend,
    long completed,
    long avgDurationMs,
    long maxDurationMs,
    long stateBytes,
    long checkpointedBytes,
    long activePlayers) {

  public double bytesPerPlayer() {
    return activePlayers == 0 ? 0 : (double) stateBytes / activePlayers;
  }
}

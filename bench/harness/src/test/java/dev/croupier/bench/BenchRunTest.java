package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.drills.jobs.CroupierJob;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRunTest {
  @Test
  void shouldNameTheStateBackendAJobSettingChangedForThatJobOnly() {
    // Given an A/B run that moves the fraud job's state to RocksDB
    List<String> settings = BenchRun.jobArgs(List.of("fraud:job.state-backend=rocksdb"));

    // Then the fraud rows say RocksDB, and the other jobs keep their defaults
    assertThat(BenchRun.backendOf(CroupierJob.FRAUD, "heap", settings)).isEqualTo("RocksDB");
    assertThat(BenchRun.backendOf(CroupierJob.LEADERBOARD, "heap", settings)).isEqualTo("heap");
    assertThat(BenchRun.backendOf(CroupierJob.BALANCE, "RocksDB", settings)).isEqualTo("RocksDB");

    // And a shared setting changes every job
    List<String> shared = BenchRun.jobArgs(List.of("job.state-backend=hashmap"));
    assertThat(BenchRun.backendOf(CroupierJob.BALANCE, "RocksDB", shared)).isEqualTo("heap");
  }
}

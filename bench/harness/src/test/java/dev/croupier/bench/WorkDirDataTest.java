package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirDataTest {
  @TempDir Path dir;

  @Test
  void deletesTheDataAndKeepsLogsConfigurationsAndRecordings() throws Exception {
    write("backlog/events.jsonl", 1000);
    write("cluster/kafka/data/platform.bets-0/00000000000000000000.log", 2000);
    write("cluster/flink/checkpoints/abc/chk-3/_metadata", 300);
    write("cluster/flink/tmp/tm_taskmanager-1/localState/x", 40);
    write("cluster/redis/data-1/appendonly.aof", 5);
    Path[] kept = {
      write("cluster/flink/log/taskmanager-1.log", 7),
      write("cluster/flink/conf/config.yaml", 7),
      write("cluster/kafka/kafka.log", 7),
      write("cluster/kafka/server.properties", 7),
      write("cluster/redis/redis.log", 7),
      write("jfr/1234.jfr", 7),
      write("benchmark.md", 7)
    };

    long freed = WorkDirData.delete(dir);

    assertThat(freed).isEqualTo(3345);
    assertThat(kept).allMatch(Files::exists);
    assertThat(dir.resolve("backlog")).doesNotExist();
    assertThat(dir.resolve("cluster/kafka/data")).doesNotExist();
    assertThat(dir.resolve("cluster/flink/checkpoints")).doesNotExist();
    assertThat(dir.resolve("cluster/flink/tmp")).doesNotExist();
    assertThat(dir.resolve("cluster/redis/data-1")).doesNotExist();
  }

  @Test
  void aWorkDirectoryWithoutDataIsLeftAsItIs() throws Exception {
    Path log = write("cluster/flink/log/jobmanager-1.log", 3);

    assertThat(WorkDirData.delete(dir)).isZero();
    assertThat(log).exists();
  }

  private Path write(String relative, int bytes) throws Exception {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[bytes]);
    return p;
  }
}

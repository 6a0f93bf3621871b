package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLogFaultsTest {

  @Test
  void shouldNameEachFaultLineOfTheMainLogsOnly(@TempDir Path dir) throws Exception {
    // The line the full run of 2026-12-06 found in the JobManager's log, by hand.
    String fault =
        "2026-12-06 02:05:11,204 WARN  org.apache.kafka.common.utils.Utils [] - Failed to close"
            + " Metrics java.lang.NoClassDefFoundError: dev/croupier/udfs/kafka/PartitionLag$Key";
    Files.write(dir.resolve("jobmanager-1.log"), List.of("INFO started", fault, "INFO done"));
    Files.write(
        dir.resolve("taskmanager-1.log"),
        List.of("INFO Source: source (1/2) switched from RUNNING to FINISHED"));
    // Not a process's main log: the CLI's, and the GC log.
    Files.write(dir.resolve("flink-cli.log"), List.of("java.lang.OutOfMemoryError: Metaspace"));
    Files.write(dir.resolve("taskmanager-1.gc.log"), List.of("OutOfMemoryError"));

    ClusterLogFaults found = ClusterLogFaults.in(dir);

    assertThat(found.logs()).containsExactly("jobmanager-1.log", "taskmanager-1.log");
    assertThat(found.faults()).containsExactly("jobmanager-1.log: " + fault);
  }

  @Test
  void shouldFindEveryKindAndKeepAFewLinesPerLogCut(@TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("ERROR Fatal error occurred in TaskExecutor akka://flink/user/rpc/taskmanager_0.");
    lines.add("java.lang.OutOfMemoryError: Metaspace. " + "x".repeat(500));
    for (int i = 0; i < 10; i++) {
      lines.add("Caused by: java.lang.NoClassDefFoundError: org/apache/kafka/Thing" + i);
    }
    Files.write(dir.resolve("taskmanager-2.log"), lines);
    // Bytes that are not UTF-8 (a library's message) are read all the same.
    Files.write(dir.resolve("jobmanager-1.log"), new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});

    ClusterLogFaults found = ClusterLogFaults.in(dir);

    assertThat(found.logs()).containsExactly("jobmanager-1.log", "taskmanager-2.log");
    assertThat(found.faults()).hasSize(ClusterLogFaults.PER_LOG);
    assertThat(found.faults().get(0)).contains("Fatal error occurred");
    assertThat(found.faults().get(1))
        .startsWith("taskmanager-2.log: java.lang.OutOfMemoryError: Metaspace.")
        .endsWith(" …")
        .hasSize("taskmanager-2.log: ".length() + ClusterLogFaults.LINE + 2);
    assertThat(found.faults().get(2)).endsWith("Thing0");
  }

  @Test
  void shouldFindNothingInCleanLogs(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("jobmanager-1.log"), List.of("INFO Job finished", "WARN slow"));

    ClusterLogFaults found = ClusterLogFaults.in(dir);

    assertThat(found.logs()).containsExactly("jobmanager-1.log");
    assertThat(found.faults()).isEmpty();
  }
}

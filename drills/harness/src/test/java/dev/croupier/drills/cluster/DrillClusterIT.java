package dev.croupier.drills.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.drills.process.ChildProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster harness itself: every service and Flink process starts as a process of its own,
 * TaskManagers register, one can be killed and replaced, and close() leaves no process behind.
 */
class DrillClusterIT {

  @Test
  void shouldStartEveryProcessAndStopThemAll(@TempDir Path dir) throws Exception {
    List<ChildProcess> processes = new ArrayList<>();
    try (DrillCluster cluster =
        DrillCluster.start(dir, FlinkSettings.defaults(), System.out::println)) {
      // Given a running cluster
      FlinkCluster flink = cluster.flink();
      assertThat(flink.rest().taskManagers()).hasSize(2);
      assertThat(flink.rest().taskManagers()).allMatch(tm -> tm.slots() == 6);
      assertThat(cluster.createTopics(4)).contains("platform.bets", "platform.balances");

      // When a TaskManager is killed and a replacement started
      ChildProcess victim = flink.taskManagers().get(0);
      flink.killTaskManager(victim);
      ChildProcess replacement = flink.startTaskManager();

      // Then the JobManager lists the replacement by its process name, and forgets the dead one
      flink.awaitRegistered(replacement);
      dev.croupier.drills.process.Waits.until(
          "the killed TaskManager gone from the JobManager",
          java.time.Duration.ofSeconds(90),
          java.time.Duration.ofMillis(500),
          () -> flink.rest().taskManagers().stream().noneMatch(t -> t.id().equals(victim.name())));
      assertThat(flink.rest().taskManagers())
          .extracting(FlinkRest.TaskManager::id)
          .contains(replacement.name());
      processes.add(victim);
      processes.addAll(flink.taskManagers());
      processes.add(flink.jobManager());
      processes.add(cluster.kafka().process());
      processes.add(cluster.redis().process());
    }
    // And nothing it started outlives it
    assertThat(processes).noneMatch(ChildProcess::isAlive);
  }
}

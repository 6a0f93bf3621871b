package dev.croupier.drills.drill;

import dev.croupier.drills.cluster.DrillCluster;
import dev.croupier.drills.jobs.CroupierJob;
import dev.croupier.drills.jobs.Deployment;
import dev.croupier.drills.process.Exec;
import dev.croupier.drills.process.JavaCommand;
import dev.croupier.drills.process.Locations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Rebuilds the Redis views after Redis came back empty, with the product's documented command; the
 * drill runs it as an operator would, once Redis is back. {@link #RESTORE_BALANCES} is the one
 * docs/operations.md documents: the balance hashes from the compacted platform.balances changelog,
 * {@code java -cp <job jar>:<Flink's libraries> dev.croupier.jobs.balance.RestoreBalances} with the
 * balance job's own arguments. Boards and alert keys have no re-seed: what comes back by itself is
 * documented there too.
 */
@FunctionalInterface
public interface RedisReseed {
  RedisReseed NOT_AVAILABLE =
      (cluster, deployment) -> {
        throw new UnsupportedOperationException("no re-seed command plugged in");
      };

  RedisReseed RESTORE_BALANCES =
      (cluster, deployment) -> {
        Path dir = cluster.dir();
        Exec.Result r =
            Exec.run(
                new JavaCommand(
                        deployment.jar() + ":" + Locations.flinkClasspath(),
                        "dev.croupier.jobs.balance.RestoreBalances")
                    .jvm("-Xmx512m")
                    .args(deployment.args(CroupierJob.BALANCE))
                    .toList(),
                dir,
                dir.resolve("restore-balances.out"),
                Map.of(),
                Duration.ofMinutes(10));
        if (!r.ok()) {
          throw new IllegalStateException(
              "RestoreBalances exited with " + r.exitCode() + ":\n" + r.output());
        }
      };

  void reseed(DrillCluster cluster, Deployment deployment) throws Exception;
}

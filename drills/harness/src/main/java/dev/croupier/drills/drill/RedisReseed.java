package dev.croupier.drills.drill;

import dev.croupier.drills.cluster.DrillCluster;
import dev.croupier.drills.jobs.Deployment;

/**
 * Rebuilds the Redis views after Redis came back empty, with the product's documented command
 * (balance hashes from the compacted platform.balances changelog). The drill runs it as an operator
 * would, once Redis is back. {@link #NOT_AVAILABLE} until the re-seed command of the Redis work
 * exists: plug it in here (for example {@code java -cp <job jar> <its main class>
 * --kafka.bootstrap-servers=… --redis.host=… --redis.port=…}).
 */
@FunctionalInterface
public interface RedisReseed {
  RedisReseed NOT_AVAILABLE =
      (cluster, deployment) -> {
        throw new UnsupportedOperationException(
            "no balance re-seed command yet (it comes with the Redis writer work): the balance"
                + " hashes written before the outage stay missing");
      };

  void reseed(DrillCluster cluster, Deployment deployment) throws Exception;
}

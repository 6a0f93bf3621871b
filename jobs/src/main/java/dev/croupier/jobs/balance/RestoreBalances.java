package dev.croupier.jobs.balance;

import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.balance.BalanceRestore;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.ConfigException;

/**
 * Command that rebuilds the Redis balance hashes from the compacted balance changelog, for a Redis
 * that came back without its data. Takes the balance job's own configuration (bundled defaults,
 * {@code --config FILE}, {@code --key=value}) and reads its Kafka, registry, Redis and {@code
 * topics.balances} keys; safe to run while the job runs. Prints what it did; exits 1 on failure.
 *
 * <pre>
 * java -cp "croupier-jobs-*-flink.jar:$FLINK_HOME/lib/*" dev.croupier.jobs.balance.RestoreBalances \
 *   --config balance-job.properties --kafka.bootstrap-servers=kafka:9092 --registry.url=...
 * </pre>
 *
 * See docs/operations.md.
 */
public final class RestoreBalances {
  private RestoreBalances() {}

  public static void main(String[] args) {
    try {
      BalanceRestore.Result r = run(args);
      System.out.printf(
          "Restored %,d balance hashes (%,d already current, %,d changelog records read,"
              + " %,d undecodable)%n",
          r.hashesWritten(), r.alreadyCurrent(), r.recordsRead(), r.undecodable());
    } catch (ConfigException e) {
      System.err.println("Balance restore not started: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println("Balance restore failed: " + e);
      System.exit(1);
    }
  }

  /** Parses the balance job's configuration and restores; what {@code main} runs. */
  public static BalanceRestore.Result run(String[] args) throws InterruptedException {
    return run(BalanceJobConfig.load(args));
  }

  /** Restores the balance hashes of the job configured by {@code cfg}. */
  public static BalanceRestore.Result run(BalanceJobConfig cfg) throws InterruptedException {
    CommonJobConfig c = cfg.common();
    return BalanceRestore.run(c.kafka(), c.registry(), c.topics().name(Topics.BALANCES), c.redis());
  }
}

package dev.croupier.jobs.balance;

import dev.croupier.jobs.common.JobConfig;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.config.RuntimeSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The balance job's configuration: the shared settings (state backend default {@code rocksdb}) plus
 * {@code balance.dedup-ttl} (how long eventIds are remembered, default 7d, at least 1m) and {@code
 * balance.transactional-id-prefix} (prefix of the exactly-once producers' transactional ids,
 * default {@code croupier-balance}; distinct per deployment sharing a Kafka cluster).
 */
public record BalanceJobConfig(
    CommonJobConfig common, Duration dedupTtl, String transactionalIdPrefix)
    implements JobConfig, Serializable {

  public static final String JOB_NAME = "balance";

  /** Bundled defaults in the job jar (a copy is flink-conf/balance-job.properties). */
  public static final String DEFAULTS = "croupier/balance-job.properties";

  /**
   * Parses and validates; throws {@link dev.croupier.udfs.config.ConfigException} naming the first
   * bad key.
   */
  public static BalanceJobConfig from(ConfigValues c) {
    CommonJobConfig common =
        CommonJobConfig.from(c, JOB_NAME, RuntimeSettings.StateBackend.ROCKSDB);
    Duration ttl = c.duration("balance.dedup-ttl", Duration.ofDays(7));
    if (ttl.compareTo(Duration.ofMinutes(1)) < 0) {
      throw ConfigValues.invalid(
          "balance.dedup-ttl", c.raw("balance.dedup-ttl"), "a duration of at least 1m, e.g. 7d");
    }
    BalanceJobConfig config =
        new BalanceJobConfig(common, ttl, JobConfig.transactionalIdPrefix(c, JOB_NAME));
    c.rejectUnknownKeys("the " + JOB_NAME + " job");
    return config;
  }

  /** Bundled defaults, then {@code --config FILE}, then {@code --key=value} arguments. */
  public static BalanceJobConfig load(String[] args) {
    return from(ConfigValues.load(DEFAULTS, args));
  }

  @Override
  public List<Topic<?>> inputs() {
    return List.of(Topics.BETS, Topics.ROUNDS, Topics.PAYMENTS);
  }
}

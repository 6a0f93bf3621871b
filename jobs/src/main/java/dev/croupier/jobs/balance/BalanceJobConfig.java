package dev.croupier.jobs.balance;

import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.config.RuntimeSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The balance job's configuration: the shared settings (state backend default {@code rocksdb}) plus
 * {@code balance.dedup-ttl} (how long eventIds are remembered, default 7d, at least 1m) and {@code
 * balance.transactional-id-prefix} (prefix of the exactly-once producers' transactional ids,
 * default {@code croupier-balance}; distinct per deployment sharing a Kafka cluster).
 */
public record BalanceJobConfig(
    CommonJobConfig common, Duration dedupTtl, String transactionalIdPrefix)
    implements Serializable {

  public static final String JOB_NAME = "balance";
  static final String DEFAULTS_RESOURCE = "croupier/balance-job.properties";
  private static final Pattern TRANSACTIONAL_ID = Pattern.compile("[A-Za-z0-9._-]+");

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
    String prefix = c.string("balance.transactional-id-prefix", "croupier-balance");
    if (!TRANSACTIONAL_ID.matcher(prefix).matches()) {
      throw ConfigValues.invalid(
          "balance.transactional-id-prefix", prefix, "letters, digits, '.', '_' or '-'");
    }
    c.rejectUnknownKeys("the balance job");
    return new BalanceJobConfig(common, ttl, prefix);
  }

  /** Bundled defaults, then {@code --config FILE}, then {@code --key=value} arguments. */
  public static BalanceJobConfig load(String[] args) {
    return from(ConfigValues.load(DEFAULTS_RESOURCE, args));
  }
}

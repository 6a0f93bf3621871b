package dev.croupier.jobs.balance;

import dev.croupier.jobs.common.JobConfig;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.config.EventTimeSettings;
import dev.croupier.udfs.config.RuntimeSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The balance job's configuration: the shared settings (state backend default {@code rocksdb}) plus
 * {@code balance.dedup-ttl} (how long eventIds are remembered, default 7d, at least 1m), {@code
 * balance.max-ahead} (how far an event's occurredAt may lie ahead of its Kafka timestamp before it
 * is a dead letter, default 1h), {@code balance.transactional-id-prefix} (prefix of the
 * exactly-once producers' transactional ids, default {@code croupier-balance}; distinct per
 * deployment sharing a Kafka cluster) and {@code balance.start-without-state} ({@code refuse} or
 * {@code replay-from-earliest}: what a start without savepoint does when an earlier run consumed
 * the inputs; see {@link StartingState}).
 */
public record BalanceJobConfig(
    CommonJobConfig common,
    Duration dedupTtl,
    Duration maxAhead,
    String transactionalIdPrefix,
    StartingState.WithoutState withoutState)
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
        new BalanceJobConfig(
            common,
            ttl,
            EventTimeSettings.maxAhead(c, JOB_NAME),
            JobConfig.transactionalIdPrefix(c, JOB_NAME),
            c.enumValue(StartingState.KEY, StartingState.WithoutState.REFUSE));
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

  /**
   * No function of the job keeps or changes a record it was given, so Flink may hand one object
   * down the chain instead of copying it (an Avro deep copy per chained hop: ~12 % of the job in
   * JFR). Function by function: the Kafka sources' decoder makes a new record per Kafka record;
   * {@code DeadLetterRouter} only forwards it; {@code LedgerEntries} reads it into a new {@code
   * LedgerEntry} (which the keyBy serializes); {@code BalanceLedger} reads its entry, keeps only
   * copies of its values in state and emits a new {@code BalanceUpdated} per update that it never
   * touches again; the Kafka sinks serialize a record when given it; {@code PipelinedRedisWriter}
   * holds the {@code BalanceUpdated}s until its sender thread has written their batch, while the
   * task thread goes on with later records, which is safe only because the ledger never reuses or
   * changes an emitted update, and the changelog sink beside it only reads it. A function that
   * starts to reuse an output object or keep an input must turn this off.
   *
   * <p>It also lets the raw record reach {@code LedgerEntries} by identity ({@code
   * DecodedRecords}), so the ledger's dead letters carry the record as it was read, as
   * docs/balance.md says; with copies they carried topic and eventId only.
   */
  @Override
  public boolean objectReuse() {
    return true;
  }
}

package dev.croupier.jobs.balance;

import dev.croupier.udfs.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.LoggerFactory;

/**
 * Whether the balance job may start with the state it is given. Started without state (no savepoint
 * or checkpoint) while its consumer group has committed offsets, the job would resume where an
 * earlier run stopped with every balance at zero and {@code seq} at 1: Redis, holding the earlier
 * run's higher {@code seq}, refuses every such write as stale, and the changelog restarts players'
 * balances from zero. This check refuses that start, naming the ways out (docs/operations.md,
 * "Restarting the balance job").
 */
public final class StartingState {
  /** What to do when the job starts without state over inputs an earlier run consumed. */
  public enum WithoutState {
    /** Refuse to start (the default): the operator restores a savepoint or chooses a replay. */
    REFUSE,
    /**
     * Rebuild the state by reading every input from its earliest offset, whatever the group
     * committed; needs the inputs' whole history still in Kafka.
     */
    REPLAY_FROM_EARLIEST
  }

  static final String KEY = "balance.start-without-state";
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

  private StartingState() {}

  /**
   * Whether the job is given state to start from: a savepoint or retained checkpoint ({@code flink
   * run -s}, {@code execution.state-recovery.path}), or a fixed job id, with which an application
   * cluster recovers its job from its own checkpoints (and runs {@code main} again on fail-over).
   */
  static boolean restoresState(ReadableConfig flink) {
    String path = flink.get(StateRecoveryOptions.SAVEPOINT_PATH);
    return (path != null && !path.isBlank())
        || flink.getOptional(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID).isPresent();
  }

  /**
   * Checks the start of {@code cfg}'s job on {@code flink}: returns whether its sources must read
   * from the earliest offsets; throws a {@link ConfigException} naming the choices when it must not
   * start.
   */
  public static boolean check(BalanceJobConfig cfg, ReadableConfig flink) {
    if (restoresState(flink)) {
      return false;
    }
    if (cfg.withoutState() == WithoutState.REPLAY_FROM_EARLIEST) {
      return true;
    }
    Map<TopicPartition, Long> committed = committedOffsets(cfg);
    if (committed.isEmpty()) {
      return false;
    }
    TreeSet<String> topics = new TreeSet<>();
    committed.keySet().forEach(tp -> topics.add(tp.topic()));
    ConfigException refused =
        new ConfigException(
            "it starts without state (no savepoint or checkpoint given) but its consumer group '"
                + cfg.groupId()
                + "' has committed offsets on "
                + topics
                + ": an earlier run consumed them. Resuming there with empty state restarts every"
                + " balance from zero and Redis refuses the updates as stale. Choose one: (1) restore"
                + " the state: flink run -s <savepoint or retained checkpoint> (job.checkpoint-dir); (2)"
                + " rebuild it from the inputs' whole history: --"
                + KEY
                + "=replay-from-earliest (Redis converges as the replay passes each player's seq);"
                + " (3) start over under a new --kafka.group-id and a new --redis.key-prefix, then"
                + " re-seed from the changelog with RestoreBalances if dashboards need the old"
                + " balances. See docs/operations.md, 'Restarting the balance job'.");
    LoggerFactory.getLogger(StartingState.class)
        .error("The {} job is not started: {}", BalanceJobConfig.JOB_NAME, refused.getMessage());
    throw refused;
  }

  /** The offsets the job's group committed on its input topics (none: a first start). */
  static Map<TopicPartition, Long> committedOffsets(BalanceJobConfig cfg) {
    Properties props = cfg.common().kafka().clientProperties();
    props.setProperty(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.common().kafka().bootstrapServers());
    props.setProperty(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(KAFKA_TIMEOUT.toMillis()));
    List<String> inputs = cfg.inputTopicNames();
    try (Admin admin = Admin.create(props)) {
      Map<TopicPartition, OffsetAndMetadata> all =
          admin
              .listConsumerGroupOffsets(cfg.groupId())
              .partitionsToOffsetAndMetadata()
              .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, Long> out = new HashMap<>();
      all.forEach(
          (tp, o) -> {
            if (o != null && inputs.contains(tp.topic())) {
              out.put(tp, o.offset());
            }
          });
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the group's offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not read the committed offsets of consumer group '"
              + cfg.groupId()
              + "' within "
              + KAFKA_TIMEOUT.toSeconds()
              + " s, to check whether an earlier run consumed the inputs",
          e);
    }
  }
}

package dev.croupier.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.BalanceJobConfig;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.DeadLetterReason;
import dev.croupier.schemas.wire.DeadLetters;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.udfs.classloading.ReleasingKafkaSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs' exactly-once Kafka sinks reuse a few transactional ids instead of one new id per
 * checkpoint and subtask: the broker keeps every id it has seen for {@code
 * transactional.id.expiration.ms} (7 days by default), so a new id per checkpoint would pile up
 * about 100,000 ids a day for the three jobs at their default 10 s checkpoints.
 */
@ExtendWith(SharedServices.class)
class TransactionalIdsIT {
  private static final int CHECKPOINTS = 40;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String NUMBER = "number ";

  static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      JobFixture.miniCluster(METRICS.addToConfiguration(new Configuration()));

  @Test
  void exactlyOnceSinksReuseABoundedSetOfTransactionalIds(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    try (JobFixture run = new JobFixture("txn-ids", kafka, redis, registry);
        Admin admin = admin(kafka)) {
      BalanceJobConfig cfg = BalanceJobConfig.from(run.config(BalanceJobConfig.JOB_NAME, Map.of()));
      run.createTopics(List.of(Topics.DLQ));
      String prefix = "it-txn-ids-dlq";

      // Given a job that writes a trickle of records through the jobs' exactly-once sink,
      // checkpointing every 100 ms at parallelism 2
      JobClient job = run.start(trickle(null, KafkaIo.deadLetterSink(cfg.common(), prefix)));

      // When it has completed many checkpoints, each committing one transaction per subtask
      long checkpoints = awaitCheckpoints(job, CHECKPOINTS);
      Set<String> ids = transactionalIds(admin, prefix);
      job.cancel().get();

      // Then the broker knows a few ids per subtask, not one per checkpoint and subtask
      assertThat(checkpoints).as("completed checkpoints").isGreaterThanOrEqualTo(CHECKPOINTS);
      assertThat(run.committed(Topics.DLQ)).as("committed output").isNotEmpty();
      assertThat(ids)
          .as("transactional ids on the broker after %d checkpoints", checkpoints)
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(3 * JobFixture.PARTITIONS);
    }
  }

  @Test
  void aSavepointWrittenWithOneIdPerCheckpointRestoresWithPooledIdsExactlyOnce(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry, @TempDir Path savepoints)
      throws Exception {
    try (JobFixture run = new JobFixture("txn-ids-upgrade", kafka, redis, registry);
        Admin admin = admin(kafka)) {
      BalanceJobConfig cfg = BalanceJobConfig.from(run.config(BalanceJobConfig.JOB_NAME, Map.of()));
      run.createTopics(List.of(Topics.DLQ));
      String prefix = "it-txn-ids-upgrade-dlq";

      // Given a savepoint of the trickle written by earlier builds' sink (Flink's default naming: a
      // new transactional id per checkpoint)
      JobClient before =
          run.start(
              trickle(
                  null,
                  KafkaIo.exactlyOnceSink(
                      cfg.common(), Topics.DLQ, prefix, TransactionNamingStrategy.INCREMENTING)));
      awaitCheckpoints(before, CHECKPOINTS / 2);
      String savepoint =
          before
              .stopWithSavepoint(
                  false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
              .get();
      Set<String> idsBefore = transactionalIds(admin, prefix);

      // When this build's sink (pooled ids) restores it and runs on
      JobClient after = run.start(trickle(savepoint, KafkaIo.deadLetterSink(cfg.common(), prefix)));
      long checkpoints = awaitCheckpoints(after, CHECKPOINTS / 2);
      Set<String> newIds = transactionalIds(admin, prefix);
      newIds.removeAll(idsBefore);
      after.cancel().get();

      // Then every number committed by either run is there exactly once, each subtask's range
      // without a gap across the upgrade, and the restored run took only a few new ids
      List<Long> numbers = new ArrayList<>();
      for (DeadLetter d : run.committed(Topics.DLQ)) {
        numbers.add(Long.parseLong(d.getDetail().substring(NUMBER.length())));
      }
      assertThat(numbers).as("committed numbers").doesNotHaveDuplicates();
      assertThat(numbers.size())
          .as("more committed than the first run's checkpoints alone")
          .isGreaterThan(CHECKPOINTS);
      for (TreeSet<Long> range : byRange(numbers)) {
        assertThat(range.last() - range.first() + 1)
            .as("numbers %d..%d committed without a gap", range.first(), range.last())
            .isEqualTo(range.size());
      }
      assertThat(checkpoints).as("completed checkpoints").isGreaterThanOrEqualTo(CHECKPOINTS / 2);
      assertThat(idsBefore).as("ids of the savepoint's build").hasSizeGreaterThan(CHECKPOINTS / 2);
      assertThat(newIds)
          .as("ids the restored run added after %d checkpoints", checkpoints)
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(3 * JobFixture.PARTITIONS);
    }
  }

  /**
   * Numbers 0.. through the slow map into {@code sink}, checkpoints every 100 ms, from {@code
   * savepoint} when not null.
   */
  private static StreamExecutionEnvironment trickle(
      String savepoint, ReleasingKafkaSink<DeadLetter> sink) {
    Configuration conf = new Configuration();
    if (savepoint != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(JobFixture.PARTITIONS);
    env.enableCheckpointing(100);
    env.fromSequence(0, Long.MAX_VALUE)
        .uid("numbers")
        .name("numbers")
        .map(new SlowDeadLetter())
        .uid("slow-dead-letters")
        .name("slow dead letters")
        .sinkTo(sink)
        .uid("dead-letters")
        .name("dead letters");
    return env;
  }

  /**
   * Waits until {@code job} completed {@code n} checkpoints (or the time-out); returns how many.
   */
  private static long awaitCheckpoints(JobClient job, int n) throws InterruptedException {
    JobProbe probe = new JobProbe(METRICS, job.getJobID());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (probe.completedCheckpoints() < n && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    return probe.completedCheckpoints();
  }

  private static Set<String> transactionalIds(Admin admin, String prefix) throws Exception {
    Set<String> ids = new HashSet<>();
    for (TransactionListing t : admin.listTransactions().all().get()) {
      if (t.transactionalId().startsWith(prefix)) {
        ids.add(t.transactionalId());
      }
    }
    return ids;
  }

  /** The committed numbers of each subtask's range of the sequence (its lower and upper half). */
  private static List<TreeSet<Long>> byRange(List<Long> numbers) {
    TreeSet<Long> low = new TreeSet<>();
    TreeSet<Long> high = new TreeSet<>();
    for (long n : numbers) {
      (n < Long.MAX_VALUE / 2 ? low : high).add(n);
    }
    return List.of(low, high).stream().filter(r -> !r.isEmpty()).toList();
  }

  private static Admin admin(KafkaBroker kafka) {
    return Admin.create(
        props(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static Properties props(String key, String value) {
    Properties p = new Properties();
    p.setProperty(key, value);
    return p;
  }

  /** One dead letter per number, 10 ms apart per subtask: a few records per checkpoint. */
  private static final class SlowDeadLetter implements MapFunction<Long, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final DeadLetters DEAD_LETTERS = new DeadLetters("it-txn-ids");

    @Override
    public DeadLetter map(Long n) throws Exception {
      Thread.sleep(10);
      return DEAD_LETTERS.withoutValue(
          "it-txn-ids.source", "key-" + n, DeadLetterReason.TRUNCATED, NUMBER + n, 0L);
    }
  }
}

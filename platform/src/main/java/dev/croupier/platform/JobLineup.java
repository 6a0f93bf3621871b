package dev.croupier.platform;

import dev.croupier.jobs.balance.BalanceJob;
import dev.croupier.jobs.balance.BalanceJobConfig;
import dev.croupier.jobs.fraud.FraudDetectionJob;
import dev.croupier.jobs.fraud.FraudJobConfig;
import dev.croupier.jobs.leaderboard.LeaderboardJob;
import dev.croupier.jobs.leaderboard.LeaderboardJobConfig;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The three jobs as the platform runs them: each with its bundled defaults (state backends
 * included: RocksDB with incremental checkpoints for the balances, whose state grows with players
 * and events; the heap for the others) plus the local addresses and a quick local runtime as {@code
 * --key=value} overrides, and the input topics its consumer group reads (for the lag).
 */
record JobLineup(
    String name, PlatformJobs.Main main, List<String> args, String groupId, List<String> inputs) {

  /** How long the fraud job waits before a silent partition stops holding back its watermark. */
  static final Duration FRAUD_IDLENESS = Duration.ofSeconds(10);

  /** The Flink job name its {@code main} passes to {@code execute}. */
  String flinkJobName() {
    return "croupier-" + name;
  }

  /**
   * The jobs with their arguments; {@code checkpoints} is the directory their checkpoints go to
   * (file-system storage: the JobManager's memory refuses checkpoints above 5 MiB, which a fraud
   * job with 100,000 players exceeds).
   */
  static List<JobLineup> of(
      PlatformServices services, PlatformSettings settings, java.nio.file.Path checkpoints) {
    List<String> common =
        List.of(
            "--kafka.bootstrap-servers=" + services.kafkaBootstrap(),
            "--registry.url=" + services.registryUrl(),
            "--redis.host=" + services.redisHost(),
            "--redis.port=" + services.redisPort(),
            "--job.parallelism=" + settings.parallelism(),
            "--job.checkpoint-interval=" + settings.checkpointInterval().toMillis() + "ms",
            "--job.checkpoint-dir=" + checkpoints.toUri(),
            // A crash loop ends a local run within a minute instead of the default half hour.
            "--job.restart-attempts=3",
            "--job.restart-delay=2s");
    return List.of(
        new JobLineup(
            BalanceJobConfig.JOB_NAME,
            BalanceJob::main,
            common,
            "croupier-" + BalanceJobConfig.JOB_NAME,
            names(Topics.BETS, Topics.ROUNDS, Topics.PAYMENTS)),
        new JobLineup(
            LeaderboardJobConfig.JOB_NAME,
            LeaderboardJob::main,
            common,
            "croupier-" + LeaderboardJobConfig.JOB_NAME,
            names(Topics.BETS, Topics.ROUNDS)),
        new JobLineup(
            FraudJobConfig.JOB_NAME,
            FraudDetectionJob::main,
            with(common, "--fraud.source-idleness=" + FRAUD_IDLENESS.toSeconds() + "s"),
            "croupier-" + FraudJobConfig.JOB_NAME,
            names(Topics.BETS, Topics.ROUNDS, Topics.PAYMENTS, Topics.ACCOUNTS)));
  }

  private static List<String> names(Topic<?>... topics) {
    return java.util.Arrays.stream(topics).map(Topic::name).toList();
  }

  private static List<String> with(List<String> args, String extra) {
    List<String> out = new ArrayList<>(args);
    out.add(extra);
    return out;
  }
}

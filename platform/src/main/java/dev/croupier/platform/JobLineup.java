package dev.croupier.platform;

import dev.croupier.jobs.balance.BalanceJob;
import dev.croupier.jobs.balance.BalanceJobConfig;
import dev.croupier.jobs.common.JobConfig;
import dev.croupier.jobs.fraud.FraudDetectionJob;
import dev.croupier.jobs.fraud.FraudJobConfig;
import dev.croupier.jobs.leaderboard.LeaderboardJob;
import dev.croupier.jobs.leaderboard.LeaderboardJobConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The three jobs as the platform runs them: each with its bundled defaults (state backends
 * included: RocksDB with incremental checkpoints for the balances, whose state grows with players
 * and events; the heap for the others) plus the local addresses and a quick local runtime as {@code
 * --key=value} overrides. Its names, consumer group and input topics (for the lag) are read from
 * the config the job itself loads from those arguments.
 */
record JobLineup(
    String name,
    String flinkJobName,
    PlatformJobs.Main main,
    List<String> args,
    String groupId,
    List<String> inputs) {

  /** How long the fraud job waits before a silent partition stops holding back its watermark. */
  static final Duration FRAUD_IDLENESS = Duration.ofSeconds(10);

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
    List<String> fraud = new ArrayList<>(common);
    fraud.add("--" + FraudJobConfig.JOB_NAME + ".idleness=" + FRAUD_IDLENESS.toSeconds() + "s");
    return List.of(
        of(BalanceJob::main, common, BalanceJobConfig::load),
        of(LeaderboardJob::main, common, LeaderboardJobConfig::load),
        of(FraudDetectionJob::main, fraud, FraudJobConfig::load));
  }

  private static JobLineup of(
      PlatformJobs.Main main, List<String> args, Function<String[], JobConfig> load) {
    JobConfig cfg = load.apply(args.toArray(String[]::new));
    return new JobLineup(
        cfg.common().jobName(),
        cfg.flinkJobName(),
        main,
        args,
        cfg.groupId(),
        cfg.inputTopicNames());
  }
}

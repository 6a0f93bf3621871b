package dev.croupier.drills.jobs;

import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import java.util.List;

/**
 * The three jobs as a user deploys them: the documented entry class in the shaded jar, the name the
 * job runs under in Flink, its consumer group and the input topics it reads (each dead-letters a
 * broken record of those topics once).
 */
public enum CroupierJob {
  BALANCE(
      "balance",
      "dev.croupier.jobs.balance.BalanceJob",
      Topics.BETS,
      Topics.ROUNDS,
      Topics.PAYMENTS),
  LEADERBOARD(
      "leaderboard", "dev.croupier.jobs.leaderboard.LeaderboardJob", Topics.BETS, Topics.ROUNDS),
  FRAUD(
      "fraud",
      "dev.croupier.jobs.fraud.FraudDetectionJob",
      Topics.BETS,
      Topics.ROUNDS,
      Topics.PAYMENTS,
      Topics.ACCOUNTS);

  private final String id;
  private final String entryClass;
  private final List<String> inputs;

  CroupierJob(String id, String entryClass, Topic<?>... inputs) {
    this.id = id;
    this.entryClass = entryClass;
    this.inputs = java.util.Arrays.stream(inputs).map(Topic::name).toList();
  }

  /** The job's short name, as in its dead letters ({@code balance}, ...). */
  public String id() {
    return id;
  }

  public String entryClass() {
    return entryClass;
  }

  /** The name the job runs under ({@code croupier-balance}, ...). */
  public String flinkName() {
    return "croupier-" + id;
  }

  /** Its consumer group (the documented default, given explicitly). */
  public String groupId() {
    return "croupier-" + id;
  }

  public List<String> inputs() {
    return inputs;
  }

  public boolean reads(String topic) {
    return inputs.contains(topic);
  }
}

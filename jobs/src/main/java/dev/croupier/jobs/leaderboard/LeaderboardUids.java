package dev.croupier.jobs.leaderboard;

/**
 * The stable operator uids of the leaderboard job: savepoints map state by these, so never change
 * one of a stateful operator (sources, boards, sinks) once released.
 */
public final class LeaderboardUids {
  public static final String BETS_SOURCE = "leaderboard-bets-source";
  public static final String ROUNDS_SOURCE = "leaderboard-rounds-source";
  public static final String BETS_ROUTER = "leaderboard-bets-dead-letter-router";
  public static final String ROUNDS_ROUTER = "leaderboard-rounds-dead-letter-router";
  public static final String BOARDS = "leaderboard-boards";
  public static final String REDIS_SINK = "leaderboard-redis-sink";
  public static final String DLQ_SINK = "leaderboard-dlq-sink";

  private LeaderboardUids() {}
}

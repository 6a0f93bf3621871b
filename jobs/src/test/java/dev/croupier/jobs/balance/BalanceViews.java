package dev.croupier.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.BalanceOracle.Expected;
import dev.croupier.schemas.avro.BalanceUpdated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/**
 * Compares the balance views with the oracle: each player's Redis hash, and the last committed
 * changelog record, must hold the oracle's seq, balance, totals and currency.
 */
final class BalanceViews {
  private BalanceViews() {}

  /** Players whose Redis hash differs from the oracle (missing, behind or wrong), by userId. */
  static List<String> redisMismatches(
      BalanceRun run, RedisClient redis, Map<String, Expected> expected) {
    List<String> off = new ArrayList<>();
    expected.forEach(
        (user, want) -> {
          Map<String, String> hash = redis.hgetAll(run.redisKey(user));
          if (hash.isEmpty()
              || !String.valueOf(want.seq).equals(hash.get("seq"))
              || !want.currency.equals(hash.get("currency"))
              || !List.of(
                      hash.get("balance"),
                      hash.get("deposited"),
                      hash.get("withdrawn"),
                      hash.get("staked"),
                      hash.get("paidOut"),
                      hash.get("bonus"))
                  .equals(totals(want))) {
            off.add(user);
          }
        });
    return off;
  }

  /**
   * Polls the committed changelog until every player's last record, and every Redis hash, are the
   * oracle's, for up to {@code timeout}; then asserts the changelog equals it exactly.
   */
  static void assertReachTheOracle(
      BalanceRun run, RedisClient redis, Map<String, Expected> expected, Duration timeout) {
    assertThat(
            run.out.pollUntil(
                () ->
                    changelogReached(run, expected)
                        && redisMismatches(run, redis, expected).isEmpty(),
                timeout))
        .as("changelog and Redis reached the oracle")
        .isTrue();
    assertThat(changelogMismatches(run, expected)).isEmpty();
  }

  /** Whether every player's last committed changelog record is the oracle's end state. */
  static boolean changelogReached(BalanceRun run, Map<String, Expected> expected) {
    Map<String, BalanceUpdated> lastUpdates = run.lastUpdates();
    for (Map.Entry<String, Expected> e : expected.entrySet()) {
      BalanceUpdated last = lastUpdates.get(e.getKey());
      if (last == null || last.getSeq() < e.getValue().seq) {
        return false;
      }
    }
    return true;
  }

  /** Players whose last committed changelog record differs from the oracle. */
  static List<String> changelogMismatches(BalanceRun run, Map<String, Expected> expected) {
    Map<String, BalanceUpdated> lastUpdates = run.lastUpdates();
    List<String> off = new ArrayList<>();
    expected.forEach(
        (user, want) -> {
          BalanceUpdated last = lastUpdates.get(user);
          if (last == null
              || last.getSeq() != want.seq
              || !List.of(
                      String.valueOf(last.getBalance()),
                      String.valueOf(last.getDeposited()),
                      String.valueOf(last.getWithdrawn()),
                      String.valueOf(last.getStaked()),
                      String.valueOf(last.getPaidOut()),
                      String.valueOf(last.getBonus()))
                  .equals(totals(want))) {
            off.add(user);
          }
        });
    return off;
  }

  private static List<String> totals(Expected e) {
    return List.of(
        String.valueOf(e.balance),
        String.valueOf(e.deposited),
        String.valueOf(e.withdrawn),
        String.valueOf(e.staked),
        String.valueOf(e.paidOut),
        String.valueOf(e.bonus));
  }
}

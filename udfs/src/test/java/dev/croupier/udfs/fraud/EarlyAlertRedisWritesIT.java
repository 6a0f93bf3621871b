package dev.croupier.udfs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.rules.BetVelocity;
import dev.croupier.udfs.fraud.rules.FraudRules;
import java.util.List;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

@ExtendWith(SharedServices.class)
class EarlyAlertRedisWritesIT {
  private static final RuleSettings VELOCITY =
      FraudRules.defaults().settings(BetVelocity.RULE).rule();

  private static FraudAlert alert(String user, String evidence, long at) {
    return AlertBuilder.of(VELOCITY, user).evidence(evidence, at).summary("test").build();
  }

  private static void write(
      RedisClient client,
      EarlyAlertRedisWrites writes,
      List<Either<FraudAlert, FraudAlert>> changes) {
    try (AbstractPipeline p = client.pipelined()) {
      for (Either<FraudAlert, FraudAlert> c : changes) {
        writes.write(p, c);
      }
      p.sync();
    }
  }

  @Test
  void shouldShowRetractAndShowAgainEachOnceEvenWhenWrittenAgain(RedisServer redis) {
    EarlyAlertRedisWrites writes = new EarlyAlertRedisWrites("it-early:", 10_000, 100, 3600);
    FraudAlert kept = alert("u1", "e1", 1_000);
    FraudAlert retracted = alert("u1", "e2", 2_000);
    try (RedisClient client = redis.newClient()) {
      writes.open(client);

      // When two alerts are shown and one is retracted, each batch written twice (a replay)
      List<Either<FraudAlert, FraudAlert>> shown =
          List.of(Either.Right(kept), Either.Right(retracted));
      List<Either<FraudAlert, FraudAlert>> retract = List.of(Either.Left(retracted));
      write(client, writes, shown);
      write(client, writes, shown);
      write(client, writes, retract);
      write(client, writes, retract);

      // Then the player's set holds the kept alert only, and the stream each alert once and one
      // retraction entry
      assertThat(writes.userKey("u1")).isEqualTo("it-early:alerts:early:user:u1");
      assertThat(client.zrange(writes.userKey("u1"), 0, -1)).containsExactly(kept.getAlertId());
      List<StreamEntry> entries =
          client.xrange(writes.recentKey(), (StreamEntryID) null, (StreamEntryID) null);
      assertThat(entries)
          .extracting(e -> e.getFields().get("alertId") + "/" + e.getFields().get("retracted"))
          .containsExactly(
              kept.getAlertId() + "/null",
              retracted.getAlertId() + "/null",
              retracted.getAlertId() + "/true");
      assertThat(entries.get(2).getFields())
          .containsEntry("ruleId", "bet-velocity")
          .containsEntry("userId", "u1");

      // And when the retracted alert is confirmed after all, it is shown again
      write(client, writes, List.of(Either.Right(retracted)));
      assertThat(client.zrange(writes.userKey("u1"), 0, -1))
          .containsExactly(kept.getAlertId(), retracted.getAlertId());
      assertThat(client.xlen(writes.recentKey())).isEqualTo(4);
    }
  }
}

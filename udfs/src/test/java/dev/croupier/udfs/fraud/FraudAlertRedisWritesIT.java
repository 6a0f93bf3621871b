package dev.croupier.udfs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.rules.BetVelocity;
import dev.croupier.udfs.fraud.rules.FraudRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

@ExtendWith(SharedServices.class)
class FraudAlertRedisWritesIT {
  private static final RuleSettings VELOCITY =
      FraudRules.defaults().settings(BetVelocity.RULE).rule();

  private static FraudAlert alert(String user, String evidence, long at) {
    return AlertBuilder.of(VELOCITY, user).evidence(evidence, at).summary("test").build();
  }

  private static void write(
      RedisClient client, FraudAlertRedisWrites writes, List<FraudAlert> alerts) {
    try (AbstractPipeline p = client.pipelined()) {
      for (FraudAlert a : alerts) {
        writes.write(p, a);
      }
      p.sync();
    }
  }

  @Test
  void shouldAddEachAlertOnceEvenWhenWrittenAgain(RedisServer redis) {
    // Given three alerts of two players
    FraudAlertRedisWrites writes = new FraudAlertRedisWrites("it-once:", 10_000, 100, 3600);
    List<FraudAlert> alerts =
        List.of(alert("u1", "e1", 1_000), alert("u2", "e2", 2_000), alert("u1", "e3", 3_000));
    try (RedisClient client = redis.newClient()) {
      writes.open(client);

      // When they are written, then written again (a replay after a restore)
      write(client, writes, alerts);
      write(client, writes, alerts);

      // Then the stream holds each alert once, in order, and each player's set its alertIds by time
      List<StreamEntry> entries =
          client.xrange(writes.recentKey(), (StreamEntryID) null, (StreamEntryID) null);
      assertThat(entries)
          .extracting(e -> e.getFields().get("alertId"))
          .containsExactly(
              alerts.get(0).getAlertId(), alerts.get(1).getAlertId(), alerts.get(2).getAlertId());
      assertThat(entries.get(0).getFields())
          .containsEntry("ruleId", "bet-velocity")
          .containsEntry("userId", "u1")
          .containsEntry("evidenceEventIds", "e1")
          .containsEntry("detectedAt", "1000");
      assertThat(client.zrange(writes.userKey("u1"), 0, -1))
          .containsExactly(alerts.get(0).getAlertId(), alerts.get(2).getAlertId());
      assertThat(client.zscore(writes.userKey("u1"), alerts.get(2).getAlertId()))
          .isEqualTo(3_000.0);
      assertThat(client.ttl(writes.userKey("u1"))).isBetween(1L, 3600L);
    }
  }

  @Test
  void shouldCapThePerUserSetAndTheStream(RedisServer redis) {
    // Given caps of 3 alerts per player and a stream of about 100
    FraudAlertRedisWrites writes = new FraudAlertRedisWrites("it-cap:", 100, 3, 0);
    List<FraudAlert> alerts = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      alerts.add(alert("busy", "ev-" + i, 10_000L + i));
    }
    try (RedisClient client = redis.newClient()) {
      writes.open(client);
      write(client, writes, alerts);

      // Then the player's set keeps the three newest, the stream roughly its cap, the id set twice
      // that
      assertThat(client.zrange(writes.userKey("busy"), 0, -1))
          .containsExactly(
              alerts.get(997).getAlertId(),
              alerts.get(998).getAlertId(),
              alerts.get(999).getAlertId());
      assertThat(client.ttl(writes.userKey("busy"))).isEqualTo(-1L);
      assertThat(client.xlen(writes.recentKey())).isBetween(100L, 250L);
      assertThat(client.zcard(writes.recentIdsKey())).isEqualTo(200L);
    }
  }
}

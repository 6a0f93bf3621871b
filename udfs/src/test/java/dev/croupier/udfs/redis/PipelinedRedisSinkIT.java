package dev.croupier.udfs.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.udfs.MiniClusters;
import dev.croupier.udfs.config.RedisSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

@ExtendWith(SharedServices.class)
class PipelinedRedisSinkIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  /** Writes "user:amount" as an absolute hash field; coalesces per user. */
  static final class LastAmount implements RedisWrites<String> {
    @Override
    public Object coalesceKey(String r) {
      return r.substring(0, r.indexOf(':'));
    }

    @Override
    public void write(AbstractPipeline p, String r) {
      p.hset("sinktest:last", r.substring(0, r.indexOf(':')), r.substring(r.indexOf(':') + 1));
      p.incr("sinktest:writes");
    }
  }

  @Test
  void shouldWriteTheLastValuePerKeyInPipelinedBatches(RedisServer redis) throws Exception {
    // Given 5,000 updates for 50 users, in order per user (one keyed partition each)
    List<String> updates = new ArrayList<>();
    Map<String, String> expected = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      String user = "u" + (i % 50);
      updates.add(user + ":" + i);
      expected.put(user, String.valueOf(i));
    }
    RedisSettings settings = RedisSettings.local(redis.host(), redis.port(), "sinktest:");

    // When a parallel job writes them through the sink
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.fromData(updates)
        .keyBy(s -> s.substring(0, s.indexOf(':')), Types.STRING)
        .sinkTo(new PipelinedRedisSink<>(settings, new LastAmount()))
        .name("redis")
        .uid("redis");
    env.execute("redis-sink-test");

    // Then Redis holds the last amount of every user, and coalescing saved writes
    try (RedisClient client = redis.newClient()) {
      assertThat(client.hgetAll("sinktest:last")).isEqualTo(expected);
      long writes = Long.parseLong(client.get("sinktest:writes"));
      assertThat(writes).isBetween(50L, 5_000L);
    }
  }
}

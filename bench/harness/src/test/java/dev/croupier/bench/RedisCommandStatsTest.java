package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.bench.report.RedisCommands;
import dev.croupier.drills.cluster.RedisNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

class RedisCommandStatsTest {
  // Lines as Redis 6.2 writes them in INFO all (CRLF), with sections around the two we read.
  private static final String BEFORE =
      String.join(
          "\r\n",
          "# Server",
          "redis_version:6.2.11",
          "# CPU",
          "used_cpu_sys:1.500000",
          "used_cpu_user:2.250000",
          "used_cpu_sys_children:9.000000",
          "# Commandstats",
          "cmdstat_zadd:calls=100,usec=250,usec_per_call=2.50,rejected_calls=0,failed_calls=0",
          "cmdstat_evalsha:calls=2,usec=400,usec_per_call=200.00,rejected_calls=0,failed_calls=0",
          "cmdstat_info:calls=7,usec=90,usec_per_call=12.86,rejected_calls=0,failed_calls=0",
          "cmdstat_broken:calls=x,usec=1",
          "# Keyspace",
          "");

  private static final String AFTER =
      String.join(
          "\r\n",
          "# CPU",
          "used_cpu_sys:2.000000",
          "used_cpu_user:3.750001",
          "# Commandstats",
          "cmdstat_zadd:calls=1100,usec=2750,usec_per_call=2.50,rejected_calls=0,failed_calls=0",
          "cmdstat_evalsha:calls=12,usec=2400,usec_per_call=200.00,rejected_calls=0,failed_calls=0",
          "cmdstat_expire:calls=5,usec=5,usec_per_call=1.00,rejected_calls=0,failed_calls=0",
          "cmdstat_info:calls=8,usec=103,usec_per_call=12.88,rejected_calls=0,failed_calls=0",
          "cmdstat_ping:calls=2,usec=2,usec_per_call=1.00,rejected_calls=0,failed_calls=0",
          "");

  @Test
  void shouldGiveEachCommandsCallsAndTimeAndRedisCpuBetweenTwoSnapshots() {
    RedisCommands r =
        RedisCommandStats.between(
            "leaderboards alone",
            500,
            RedisCommandStats.parse(BEFORE),
            RedisCommandStats.parse(AFTER));

    // CPU: (2.0 + 3.750001) - (1.5 + 2.25) s, the children's CPU not counted.
    assertThat(r.cpuMicros()).isEqualTo(2_000_001);
    assertThat(r.cpuMicrosPerEvent()).isEqualTo(4_000.002);
    // Busiest first; the bench's INFO, the PINGs and a line without counts are left out.
    assertThat(r.commands())
        .containsExactly(
            new RedisCommands.Command("zadd", 1_000, 2_500),
            new RedisCommands.Command("evalsha", 10, 2_000),
            new RedisCommands.Command("expire", 5, 5));
    assertThat(r.commands().get(0).callsPer(r.events())).isEqualTo(2.0);
    assertThat(r.commands().get(1).microsPerCall()).isEqualTo(200.0);
  }

  @Test
  void shouldCountFromZeroAfterAResetAndSayWhenCpuIsMissing() {
    RedisCommandStats reset =
        RedisCommandStats.parse(
            "cmdstat_zadd:calls=3,usec=6,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r\n");

    RedisCommands r = RedisCommandStats.between("x", 3, RedisCommandStats.parse(BEFORE), reset);

    assertThat(r.commands()).containsExactly(new RedisCommands.Command("zadd", 3, 6));
    assertThat(r.cpuMicros()).isEqualTo(-1);
  }

  /**
   * The real server the bench starts: its INFO parses, and a script's inner commands count under
   * their own names as well as in the script's call (what the report's table says).
   */
  @Test
  void shouldReadWhatARealRedisRan(@TempDir Path dir) throws Exception {
    try (RedisNode redis = RedisNode.start(dir);
        RedisClient c = RedisClient.builder().hostAndPort(redis.host(), redis.port()).build()) {
      RedisCommandStats before = RedisCommandStats.parse(c.info("all"));
      for (int i = 0; i < 3; i++) {
        c.zadd("board", i, "player-" + i);
      }
      c.eval("return redis.call('HSET', KEYS[1], 'v', ARGV[1])", List.of("versions"), List.of("7"));
      RedisCommandStats after = RedisCommandStats.parse(c.info("all"));

      RedisCommands r = RedisCommandStats.between("real", 4, before, after);

      assertThat(r.commands())
          .extracting(RedisCommands.Command::name, RedisCommands.Command::calls)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("zadd", 3L),
              org.assertj.core.groups.Tuple.tuple("eval", 1L),
              org.assertj.core.groups.Tuple.tuple("hset", 1L));
      assertThat(r.cpuMicros()).isGreaterThanOrEqualTo(0);
    }
  }
}

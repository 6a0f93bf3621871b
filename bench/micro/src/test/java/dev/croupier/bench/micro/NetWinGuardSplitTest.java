package dev.croupier.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.testkit.RedisServer;
import org.junit.jupiter.api.Test;

class NetWinGuardSplitTest {
  /**
   * On the real server: every update goes through the script, which calls one HMGET, ZADD and HSET
   * per board of each call, and their time is inside the script's (so the Lua work is what is
   * left).
   */
  @Test
  void shouldSplitTheGuardScriptsTimeIntoItsCommandsAndItsOwnWork() throws Exception {
    RedisServer server = RedisServer.start();
    try {
      NetWinGuardSplit.Split split = NetWinGuardSplit.measure(server, 300, 3, 4);

      // 497 to 500 updates a batch (four an event, a pair already in it replaced), at most 100 a
      // call: 5 calls a batch.
      assertThat(split.updates()).isBetween(4L * 497, 4L * 500);
      assertThat(split.calls()).containsEntry("evalsha", 4L * 5);
      long boards = split.calls().get("hmget");
      assertThat(boards).isGreaterThanOrEqualTo(4L * 5);
      assertThat(split.calls()).containsEntry("zadd", boards).containsEntry("hset", boards);
      assertThat(split.commandMicros()).isPositive().isLessThanOrEqualTo(split.scriptMicros());
      assertThat(split.markdown())
          .contains(" guarded updates in 20 script calls")
          .contains("| the script's own Lua work |");
    } finally {
      server.close();
    }
  }
}

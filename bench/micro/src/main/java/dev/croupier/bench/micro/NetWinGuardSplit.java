package dev.croupier.bench.micro;

import dev.croupier.testkit.RedisServer;
import dev.croupier.udfs.config.RedisSettings;
import dev.croupier.udfs.leaderboard.BoardCell;
import dev.croupier.udfs.leaderboard.BoardUpdate;
import dev.croupier.udfs.leaderboard.LeaderboardRedisWrites;
import dev.croupier.udfs.leaderboard.Metric;
import dev.croupier.udfs.redis.RedisBatchWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * Where the {@code net_win} guard script's time goes in Redis: its own Lua work against the {@code
 * HMGET}, {@code ZADD} and {@code HSET} it calls. Writes batches of guarded {@code net_win} updates
 * through the job's writer ({@link LeaderboardRedisWrites}, batches of 500) to a local Redis, then
 * reads {@code INFO commandstats}: Redis times the script's call and, inside it, each command the
 * script calls, so the script's time less its commands' is the Lua work. Not a JMH benchmark: the
 * figure is a split of one script's time, not a speed.
 *
 * <pre>
 * java -cp ... dev.croupier.bench.micro.NetWinGuardSplit [players=20000] [games=20] [batches=200]
 * </pre>
 *
 * Each update is one player's score on the global and the game board of the 1 h and the 1 d window
 * (of one hour of event time), each with a higher version than before, so every one is written; the
 * global boards grow to about {@code players} members, as the end-to-end benchmark's do.
 */
public final class NetWinGuardSplit {
  private static final int BATCH = 500;

  private NetWinGuardSplit() {}

  /**
   * What Redis ran for the measured batches.
   *
   * @param updates guarded updates written
   * @param micros per command ({@code evalsha}, {@code hmget}, {@code zadd}, {@code hset}): the
   *     execution time Redis counted
   * @param calls per command, its calls
   */
  record Split(long updates, Map<String, Long> calls, Map<String, Long> micros) {
    long scriptMicros() {
      return micros.getOrDefault("evalsha", 0L);
    }

    /** The time of the commands the script called (all of them are only called by it here). */
    long commandMicros() {
      return micros.getOrDefault("hmget", 0L)
          + micros.getOrDefault("zadd", 0L)
          + micros.getOrDefault("hset", 0L);
    }

    String markdown() {
      StringBuilder md = new StringBuilder();
      md.append(
          String.format(
              Locale.ROOT,
              "%,d guarded updates in %,d script calls (%,d boards per call)%n%n",
              updates,
              calls.getOrDefault("evalsha", 0L),
              calls.getOrDefault("hmget", 0L) / Math.max(1, calls.getOrDefault("evalsha", 0L))));
      md.append("| part of the script's time | µs per update | share |\n| --- | ---: | ---: |\n");
      long script = Math.max(1, scriptMicros());
      for (String c : List.of("zadd", "hmget", "hset")) {
        row(md, "`" + c.toUpperCase(Locale.ROOT) + "`", micros.getOrDefault(c, 0L), script);
      }
      row(md, "the script's own Lua work", scriptMicros() - commandMicros(), script);
      row(md, "the script's call (`EVALSHA`), in all", scriptMicros(), script);
      return md.toString();
    }

    private void row(StringBuilder md, String what, long us, long script) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.0f %% |%n",
              what,
              (double) us / Math.max(1, updates),
              100.0 * us / script));
    }
  }

  public static void main(String[] args) throws Exception {
    int players = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int games = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int batches = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    RedisServer server = RedisServer.start();
    try {
      System.out.print(measure(server, players, games, batches).markdown());
    } finally {
      server.close();
    }
  }

  /**
   * Writes {@code batches} batches twice over (the first pass fills the boards and warms up,
   * unmeasured) and returns what Redis counted for the second.
   */
  static Split measure(RedisServer server, int players, int games, int batches) throws Exception {
    RedisSettings settings = LocalRedis.settings(server, "split:", BATCH);
    try (RedisClient redis = server.newClient();
        RedisBatchWriter<BoardUpdate> writer =
            new RedisBatchWriter<>(
                settings,
                new LeaderboardRedisWrites("split:", Duration.ofDays(7)),
                RedisBatchWriter.Listener.NONE)) {
      Random random = new Random(1);
      long hour = Duration.ofHours(1).toMillis();
      long day = Duration.ofDays(1).toMillis();
      long start = 1_780_000_000_000L - 1_780_000_000_000L % day; // a day's first hour
      Map<String, Long> versions = new HashMap<>();
      long updates = 0;
      for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
          redis.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");
        }
        for (int n = 0; n < batches; n++) {
          // Distinct (board, player) pairs, as the job's live coalescing leaves them.
          Map<String, BoardUpdate> batch = new LinkedHashMap<>();
          while (batch.size() <= BATCH - 4) { // four updates an event: never more than BATCH
            String player = "player-" + random.nextInt(players);
            String game = "game-" + random.nextInt(games);
            long at = start + random.nextInt((int) hour);
            long cents = random.nextInt(200_000) - 100_000;
            for (long size : new long[] {hour, day}) {
              for (String scope : new String[] {null, game}) {
                BoardCell cell = new BoardCell(Metric.NET_WIN, scope, size, at - at % size);
                String key = cell + "/" + player;
                long version = versions.merge(key, 1L, Long::sum);
                batch.put(key, new BoardUpdate(cell, player, cents, at, version, false));
              }
            }
          }
          List<Object> replies = writer.write(new ArrayList<>(batch.values()));
          // One reply per update, 1 written or 0 refused, then the EXPIREs' (1: set).
          long refused = replies.stream().filter(r -> r instanceof Long l && l == 0L).count();
          if (refused > 0 || replies.size() < batch.size()) {
            throw new IllegalStateException(
                refused + " of " + batch.size() + " guarded updates refused");
          }
          if (pass == 1) {
            updates += batch.size();
          }
        }
      }
      Map<String, Long> calls = new HashMap<>();
      Map<String, Long> micros = new HashMap<>();
      for (String line : redis.info("commandstats").split("\r?\n")) {
        if (!line.startsWith("cmdstat_")) {
          continue;
        }
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
          String[] kv = field.split("=");
          if (kv[0].equals("calls")) {
            calls.put(name, Long.parseLong(kv[1]));
          } else if (kv[0].equals("usec")) {
            micros.put(name, Long.parseLong(kv[1]));
          }
        }
      }
      return new Split(updates, calls, micros);
    }
  }
}

package dev.croupier.bench;

import dev.croupier.bench.report.RedisCommands;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From Redis's {@code INFO all}: the CPU the server used since it started ({@code used_cpu_user} +
 * {@code used_cpu_sys}), and per command ({@code commandstats}) the calls and microseconds of
 * execution. Two snapshots give what one throughput row made Redis do. Redis 6.2 (the bench's)
 * counts the commands a Lua script calls under their own names as well as inside the script's
 * {@code evalsha}.
 *
 * @param cpuMicros -1 when the reply held no CPU figures
 */
record RedisCommandStats(long cpuMicros, Map<String, long[]> byCommand) {
  RedisCommandStats {
    byCommand = Map.copyOf(byCommand);
  }

  /**
   * Parses the reply of {@code INFO all}: {@code used_cpu_user:1.234567} and {@code used_cpu_sys:…}
   * (seconds), and lines such as {@code
   * cmdstat_zadd:calls=12,usec=34,usec_per_call=2.83,rejected_calls=0,failed_calls=0}; other lines
   * are skipped, and so is a command line without both numbers.
   */
  static RedisCommandStats parse(String info) {
    Map<String, long[]> out = new HashMap<>();
    long cpuMicros = 0;
    int cpuFields = 0;
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
        try {
          cpuMicros +=
              new BigDecimal(line.substring(line.indexOf(':') + 1).trim())
                  .movePointRight(6)
                  .longValue();
          cpuFields++;
        } catch (NumberFormatException e) {
          // Not a figure: no CPU, below.
        }
        continue;
      }
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring("cmdstat_".length(), colon);
      Long calls = null;
      Long usec = null;
      for (String field : line.substring(colon + 1).split(",")) {
        int eq = field.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = field.substring(0, eq);
        String value = field.substring(eq + 1).trim();
        try {
          if (key.equals("calls")) {
            calls = Long.parseLong(value);
          } else if (key.equals("usec")) {
            usec = Long.parseLong(value);
          }
        } catch (NumberFormatException e) {
          // Not a count: the line is skipped below.
        }
      }
      if (calls != null && usec != null) {
        out.put(name, new long[] {calls, usec});
      }
    }
    return new RedisCommandStats(cpuFields == 2 ? cpuMicros : -1, out);
  }

  /**
   * Commands that are no job's writes: the bench's own {@code INFO} (these snapshots) and the
   * liveness {@code PING}s of the bench's cluster and of clients connecting.
   */
  static final Set<String> NOT_WRITES = Set.of("info", "ping");

  /**
   * What Redis ran from {@code from} to {@code to}, busiest first; commands with no call in between
   * are left out, and so are {@link #NOT_WRITES}. A command whose counts fell (the stats were reset
   * between) counts from zero.
   */
  static RedisCommands between(
      String what, long events, RedisCommandStats from, RedisCommandStats to) {
    List<RedisCommands.Command> commands = new ArrayList<>();
    to.byCommand.forEach(
        (name, now) -> {
          long[] before = from.byCommand.getOrDefault(name, new long[2]);
          boolean reset = now[0] < before[0];
          long calls = reset ? now[0] : now[0] - before[0];
          long micros = reset ? now[1] : now[1] - before[1];
          if (calls > 0 && !NOT_WRITES.contains(name)) {
            commands.add(new RedisCommands.Command(name, calls, micros));
          }
        });
    commands.sort(
        Comparator.comparingLong(RedisCommands.Command::micros)
            .reversed()
            .thenComparing(RedisCommands.Command::name));
    long cpu =
        from.cpuMicros < 0 || to.cpuMicros < 0 ? -1 : Math.max(0, to.cpuMicros - from.cpuMicros);
    return new RedisCommands(what, events, cpu, commands);
  }
}

package dev.croupier.bench.report;

import java.util.List;

/**
 * What Redis did while a throughput row's sources read the middle of the backlog (the same window
 * as its {@link ThroughputCpu}), from {@code INFO} before and after: the CPU Redis used, and per
 * command how many calls and how much execution time. Redis's share of a row's CPU says how much;
 * this says which writes it was.
 *
 * @param events the input events the sources emitted in the window
 * @param cpuMicros Redis's CPU in the window ({@code used_cpu_user} + {@code used_cpu_sys}):
 *     everything it did, reading requests and writing replies included
 * @param commands busiest (most time) first; Redis counts a command a script calls under its own
 *     name too, and inside the script's time
 */
public record RedisCommands(String what, long events, long cpuMicros, List<Command> commands) {
  public RedisCommands {
    commands = List.copyOf(commands);
  }

  /** Redis's CPU per input event of the window, in µs. */
  public double cpuMicrosPerEvent() {
    return events == 0 ? 0 : (double) cpuMicros / events;
  }

  /**
   * One command's calls and execution time in the window ({@code cmdstat_<name>}: {@code calls},
   * {@code usec}); reading requests and writing replies are Redis's own CPU, not in {@code usec}.
   */
  public record Command(String name, long calls, long micros) {
    public double callsPer(long events) {
      return events == 0 ? 0 : (double) calls / events;
    }

    public double microsPerCall() {
      return calls == 0 ? 0 : (double) micros / calls;
    }
  }
}

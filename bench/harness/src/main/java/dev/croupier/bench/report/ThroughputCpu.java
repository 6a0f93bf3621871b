package dev.croupier.bench.report;

import java.util.List;

/**
 * The CPU a throughput row used while its sources read the middle of the backlog (from the count
 * that first passed 10 % to the one that first passed 90 %): the machine, each process of the run,
 * busiest first, and the TaskManagers' busiest thread groups. Whether a row ran on a saturated
 * machine, and which process had the cores, tells what stops it.
 *
 * @param shares the machine first, the time stolen from it by the hypervisor, then the processes,
 *     then the thread groups ({@code taskmanager-1: Source Data Fet}), as {@code CpuUse} gives
 *     them; their target rate is 0 (no latency step)
 */
public record ThroughputCpu(String what, long windowMs, List<CpuShare> shares) {
  public ThroughputCpu {
    shares = List.copyOf(shares);
  }

  /** The machine's row. */
  public CpuShare machine() {
    return shares.get(0);
  }

  /** The part of the machine's busy time the hypervisor took for other guests, if reported. */
  public double stolenCores() {
    return shares.stream()
        .filter(s -> s.what().startsWith("the machine, stolen"))
        .mapToDouble(CpuShare::cores)
        .sum();
  }

  /** The processes' rows, busiest first. */
  public List<CpuShare> processes() {
    return shares.stream()
        .skip(1)
        .filter(s -> !s.what().startsWith("the machine") && !s.what().contains(": "))
        .toList();
  }

  /** The thread groups' rows, busiest first per process. */
  public List<CpuShare> threadGroups() {
    return shares.stream().skip(1).filter(s -> s.what().contains(": ")).toList();
  }
}

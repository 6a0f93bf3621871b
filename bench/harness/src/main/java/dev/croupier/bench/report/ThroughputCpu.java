package dev.croupier.bench.report;

import java.util.List;

/**
 * The CPU a throughput row used while its sources read the middle of the backlog (from the count
 * that first passed 10 % to the one that first passed 90 %): the machine, each process of the run,
 * busiest first, and the TaskManagers' busiest thread groups. Whether a row ran on a saturated
 * machine, and which process had the cores, tells what stops it.
 *
 * @param shares the machine first, then the processes, then the thread groups ({@code
 *     taskmanager-1: Source Data Fet}), as {@code CpuUse} gives them
 */
public record ThroughputCpu(String what, long windowMs, List<CpuShare> shares) {
  public ThroughputCpu {
    shares = List.copyOf(shares);
  }

  /** The machine's row. */
  public CpuShare machine() {
    return shares.get(0);
  }

  /** The processes' rows, busiest first. */
  public List<CpuShare> processes() {
    return shares.stream().skip(1).filter(s -> !s.what().contains(": ")).toList();
  }

  /** The thread groups' rows, busiest first per process. */
  public List<CpuShare> threadGroups() {
    return shares.stream().skip(1).filter(s -> s.what().contains(": ")).toList();
  }
}

package dev.croupier.bench.report;

/**
 * The CPU one process of the run, or one group of a TaskManager's threads, or the whole machine
 * used during one latency step: cores in use on average over the step's window. On a machine whose
 * cores are all busy every task waits for one, and a latency tail says less about the jobs than
 * about the machine; this row tells which it was.
 *
 * @param what the machine, a process ({@code taskmanager-1}, {@code kafka}, …) or a TaskManager's
 *     thread group ({@code taskmanager-1: OutputFlusher f})
 * @param threads how many threads the row sums (0 for the machine and for a whole process)
 */
public record CpuShare(int targetRate, String what, int threads, long windowMs, double cores) {}

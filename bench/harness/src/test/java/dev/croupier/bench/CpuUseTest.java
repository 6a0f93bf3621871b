package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.croupier.bench.report.CpuShare;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuUseTest {
  @TempDir Path proc;

  /** A stat line as Linux writes it: utime and stime are fields 14 and 15. */
  private static String stat(long pid, String name, long utime, long stime) {
    return pid
        + " ("
        + name
        + ") S 1 1 1 0 -1 4194560 100 0 0 0 "
        + utime
        + " "
        + stime
        + " 0 0 20 0 700 0 12345 1000000 5000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0"
        + " 0 0 0 0\n";
  }

  private void machine(long user, long system, long idle, long iowait) throws IOException {
    machine(user, system, idle, iowait, 0);
  }

  /** /proc/stat's fields: user nice system idle iowait irq softirq steal guest guest_nice. */
  private void machine(long user, long system, long idle, long iowait, long steal)
      throws IOException {
    Files.writeString(
        proc.resolve("stat"),
        "cpu  "
            + user
            + " 0 "
            + system
            + " "
            + idle
            + " "
            + iowait
            + " 0 0 "
            + steal
            + " 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\ncpu1 1 0 1 1 0 0 0 0 0 0\nintr 1 2 3\n");
  }

  private void process(long pid, long utime, long stime) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(dir.resolve("stat"), stat(pid, "java", utime, stime));
  }

  private void thread(long pid, long tid, String name, long utime, long stime) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
    Files.writeString(dir.resolve("stat"), stat(tid, name, utime, stime));
  }

  @Test
  void shouldReadTicksAndNamesOfStatLinesWithSpacesAndParenthesesInTheName() {
    String line = stat(42, "Source Data Fet", 150, 25).replace("Source Data Fet", "a (b) c");

    assertThat(CpuUse.name(line)).isEqualTo("a (b) c");
    assertThat(CpuUse.ticks(line)).isEqualTo(175);
  }

  @Test
  void shouldGroupThreadNamesWithoutTheirTrailingNumber() {
    assertThat(CpuUse.group("GC Thread#1")).isEqualTo("GC Thread");
    assertThat(CpuUse.group("pool-3-thread-12")).isEqualTo("pool-3-thread");
    assertThat(CpuUse.group("Source Data Fet")).isEqualTo("Source Data Fet");
    assertThat(CpuUse.group("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
    assertThat(CpuUse.group("42")).isEqualTo("42");
  }

  @Test
  void shouldGiveTheCoresOfTheMachineEachProcessAndTheBusiestThreadGroups() throws IOException {
    // Given a machine, a TaskManager (pid 10, three threads) and Kafka (pid 20) at the start
    CpuUse cpu = new CpuUse(proc);
    machine(1_000, 500, 9_000, 100, 40);
    process(10, 400, 100);
    process(20, 50, 50);
    thread(10, 11, "OutputFlusher f", 100, 0);
    thread(10, 12, "OutputFlusher f", 100, 0);
    thread(10, 13, "balance ledger ", 200, 100);
    CpuUse.Snapshot a =
        cpu.take(Map.of("taskmanager-1", 10L, "kafka", 20L), Set.of("taskmanager-1"));

    // And at the end: a flusher has ended (its ticks stay in its process's), a fetcher has begun
    machine(1_250, 620, 9_100, 100, 70);
    process(10, 520, 130);
    process(20, 70, 60);
    Files.delete(proc.resolve("10/task/12/stat"));
    Files.delete(proc.resolve("10/task/12"));
    thread(10, 11, "OutputFlusher f", 130, 0);
    thread(10, 13, "balance ledger ", 260, 110);
    thread(10, 14, "Source Data Fet", 20, 0);
    CpuUse.Snapshot b =
        cpu.take(Map.of("taskmanager-1", 10L, "kafka", 20L), Set.of("taskmanager-1"));

    // When the shares over exactly two seconds are computed (times of the snapshots replaced)
    List<CpuShare> rows =
        CpuUse.between(
            new CpuUse.Snapshot(
                0,
                a.machineBusyTicks(),
                a.machineStolenTicks(),
                a.machineCores(),
                a.processes(),
                a.threads()),
            new CpuUse.Snapshot(
                2_000_000_000L,
                b.machineBusyTicks(),
                b.machineStolenTicks(),
                b.machineCores(),
                b.processes(),
                b.threads()),
            2_000,
            2);

    // Then the machine comes first (400 busy ticks in 2 s, 30 of them stolen: 2 cores, 0.15
    // stolen), the processes busiest first, then the TaskManager's two busiest thread groups
    assertThat(rows)
        .extracting(CpuShare::what)
        .containsExactly(
            "the machine (2 cores)",
            "the machine, stolen by the hypervisor",
            "taskmanager-1",
            "kafka",
            "taskmanager-1: balance ledger",
            "taskmanager-1: OutputFlusher f");
    assertThat(rows).extracting(CpuShare::cores).containsExactly(2.0, 0.15, 0.75, 0.15, 0.35, 0.15);
    assertThat(rows).extracting(CpuShare::threads).containsExactly(0, 0, 0, 0, 1, 1);
    assertThat(rows).allSatisfy(r -> assertThat(r.windowMs()).isEqualTo(2_000));
    assertThat(rows).allSatisfy(r -> assertThat(r.targetRate()).isEqualTo(2_000));
    assertThat(rows.get(0).cores()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void shouldLeaveOutAProcessThatIsGone() throws IOException {
    CpuUse cpu = new CpuUse(proc);
    machine(1, 1, 1, 1);
    process(10, 1, 1);
    CpuUse.Snapshot a = cpu.take(Map.of("kafka", 10L, "redis", 99L), Set.of());

    assertThat(a.processes()).containsOnlyKeys("kafka");
    assertThat(cpu.available()).isTrue();
    assertThat(new CpuUse(proc.resolve("nowhere")).available()).isFalse();
  }
}

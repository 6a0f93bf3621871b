package dev.croupier.drills.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.drills.jobs.JarVariant;
import dev.croupier.drills.verify.Difference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drills can fail: a build whose Redis balance write skips the seq compare-and-set (the bundled
 * Lua script replaced by a plain HSET) passes every end-state check — the replay after a restore
 * ends on the newest update either way — but the TaskManager-kill drill catches the balances
 * stepping back while the jobs replay.
 */
class BrokenBuildDrillIT {
  static final String BALANCE_SCRIPT = "dev/croupier/udfs/balance/balance-cas.lua";
  static final String WRITE_WITHOUT_SEQ_CHECK =
      "-- Deliberately broken for the drills' own test: no compare-and-set on seq.\n"
          + "redis.call('HSET', KEYS[1], unpack(ARGV))\n"
          + "return 1\n";

  @Test
  void shouldFailTheKillDrillWhenTheBalanceWriteSkipsTheSeqCheck(@TempDir Path dir)
      throws Exception {
    // Given the job jar with the balance write's seq check taken out
    DrillContext quick = TestContexts.quick(dir);
    Path broken =
        JarVariant.of(quick.jar())
            .editText(BALANCE_SCRIPT, script -> WRITE_WITHOUT_SEQ_CHECK)
            .writeTo(dir.resolve("croupier-jobs-broken-seq-flink.jar"));

    // When the TaskManager-kill drill runs it
    DrillResult result = new TaskManagerKillDrill().run(TestContexts.withJar(quick, broken));

    // Then the drill fails, on the balances that moved backwards during the replay
    System.out.println(result.differences());
    assertThat(result.passed()).isFalse();
    assertThat(result.differences())
        .extracting(Difference::check)
        .contains("Redis balance seq moved backwards while the drill ran");
  }
}

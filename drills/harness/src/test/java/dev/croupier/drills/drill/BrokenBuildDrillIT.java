package dev.croupier.drills.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.drills.jobs.JarVariant;
import dev.croupier.drills.verify.Difference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drills can fail: a build whose Redis balance write skips the seq compare-and-set (both
 * bundled Lua scripts, the one-hash and the batch one the job sends, replaced by plain HSETs)
 * passes every end-state check — the replay after a restore ends on the newest update either way —
 * but the TaskManager-kill drill catches the balances stepping back while the jobs replay.
 */
class BrokenBuildDrillIT {
  static final String BALANCE_SCRIPT = "dev/croupier/udfs/balance/balance-cas.lua";
  static final String WRITE_WITHOUT_SEQ_CHECK =
      "-- Deliberately broken for the drills' own test: no compare-and-set on seq.\n"
          + "redis.call('HSET', KEYS[1], unpack(ARGV))\n"
          + "return 1\n";
  static final String BATCH_SCRIPT = "dev/croupier/udfs/balance/balance-cas-batch.lua";
  // The job writes balances through the batch script; its placeholders stay for BalanceHashWrites.
  static final String BATCH_WRITE_WITHOUT_SEQ_CHECK =
      "-- Deliberately broken for the drills' own test: no compare-and-set on seq.\n"
          + "local out = {}\n"
          + "for i = 1, #KEYS do\n"
          + "  local b = (i - 1) * @FIELD_COUNT@\n"
          + "  redis.call('HSET', KEYS[i], @HSET_ARGS@)\n"
          + "  out[i] = 1\n"
          + "end\n"
          + "return out\n";

  @Test
  void shouldFailTheKillDrillWhenTheBalanceWriteSkipsTheSeqCheck(@TempDir Path dir)
      throws Exception {
    // Given the job jar with the balance write's seq check taken out
    DrillContext quick = TestContexts.quick(dir);
    Path broken =
        JarVariant.of(quick.jar())
            .editText(BALANCE_SCRIPT, script -> WRITE_WITHOUT_SEQ_CHECK)
            .editText(BATCH_SCRIPT, script -> BATCH_WRITE_WITHOUT_SEQ_CHECK)
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

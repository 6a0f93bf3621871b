package dev.croupier.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, tiny, in this JVM through the JMH Runner API: each must produce a
 * positive score (a benchmark that throws produces none, and fails the run). Never a speed
 * assertion. The second test breaks the input of one benchmark per class and expects the run to
 * fail, so a benchmark that quietly measures garbage cannot pass.
 */
class MicroBenchSmokeTest {
  private static final String PKG = MicroBench.class.getPackageName();

  @BeforeAll
  static void smallInput() {
    System.setProperty(BenchData.EVENTS_PROPERTY, "4000");
    System.setProperty(BenchData.PLAYERS_PROPERTY, "400");
  }

  @AfterEach
  void repairInput() {
    System.clearProperty(BenchData.BROKEN_PROPERTY);
  }

  private static ChainedOptionsBuilder once(String include) {
    return new OptionsBuilder()
        .include(include)
        .forks(0) // in this JVM: the surefire argLine has Flink's opens
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .threads(1)
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT);
  }

  /** benchmark name + parameters of every run the suite makes. */
  private static Set<String> expectedRuns() {
    Set<String> out = new HashSet<>();
    for (BenchmarkListEntry e :
        BenchmarkList.defaultList()
            .find(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                List.of(PKG + "\\..*"),
                List.of())) {
      List<String> runs = new ArrayList<>(List.of(e.getUsername()));
      Map<String, String[]> params = e.getParams().orElse(Map.of());
      for (Map.Entry<String, String[]> p : params.entrySet()) {
        List<String> more = new ArrayList<>();
        for (String run : runs) {
          for (String v : p.getValue()) {
            more.add(run + " " + p.getKey() + "=" + v);
          }
        }
        runs = more;
      }
      out.addAll(runs);
    }
    return out;
  }

  private static String runName(RunResult r) {
    StringBuilder s = new StringBuilder(r.getParams().getBenchmark());
    for (String k : r.getParams().getParamsKeys()) {
      s.append(' ').append(k).append('=').append(r.getParams().getParam(k));
    }
    return s.toString();
  }

  @Test
  void shouldScoreEveryBenchmarkAboveZero() throws RunnerException {
    // Given every benchmark of the suite, each with each of its parameters
    Set<String> expected = expectedRuns();
    assertThat(expected).hasSizeGreaterThanOrEqualTo(26);

    // When each runs once, briefly
    Collection<RunResult> results = new Runner(once(PKG + "\\..*").build()).run();

    // Then each produced a positive score
    assertThat(results)
        .extracting(MicroBenchSmokeTest::runName)
        .containsExactlyInAnyOrderElementsOf(expected);
    for (RunResult r : results) {
      assertThat(r.getPrimaryResult().getScore()).as(runName(r)).isPositive();
    }
    // And the report gives every measured step its ratio to a ceiling of the same run
    String table = new MarkdownReport(results, "smoke", 0, 0).render();
    assertThat(
            table
                .lines()
                .filter(
                    l ->
                        l.startsWith("| ")
                            && !l.startsWith("| benchmark")
                            && !l.startsWith("| ---")))
        .hasSize(expected.size())
        .allSatisfy(l -> assertThat(l).containsPattern("\\| (ceiling|\\d+\\.\\d+) \\|"));
  }

  @Test
  void shouldFailTheRunWhenABenchmarkThrowsOnBrokenInput() {
    // Given inputs broken so that the code measured refuses them (no player, corrupt bytes, a
    // symbol whose money effect is unknown)
    System.setProperty(BenchData.BROKEN_PROPERTY, "true");

    // Then a run of each class's benchmark fails instead of reporting a score
    for (String bench :
        List.of(
            "DecodeBench.decodeWithTheJobsDeserializer",
            "LedgerBench.ledgerStep",
            "LedgerEntrySerdeBench.keyByHop",
            "BoardInputSerdeBench.keyByHop",
            "ChangelogEncodeBench.changelogEncode",
            "LeaderboardBench.boardUpdate",
            "FraudRuleBench.step",
            "RedisWriteBench.balanceCompareAndSet",
            "RedisSinkBench.ledgerThenSink")) {
      ChainedOptionsBuilder o = once(Pattern.quote(PKG + "." + bench) + "$");
      if (bench.startsWith("FraudRuleBench")) {
        o.param("step", "rapid-cashout");
      } else if (bench.startsWith("LedgerBench")) {
        o.param("backend", "heap");
      } else if (bench.startsWith("RedisSinkBench")) {
        o.param("inFlight", "1");
      }
      assertThatThrownBy(() -> new Runner(o.build()).run())
          .as(bench)
          .isInstanceOf(RunnerException.class);
    }
  }
}

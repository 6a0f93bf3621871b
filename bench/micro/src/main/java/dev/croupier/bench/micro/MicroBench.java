package dev.croupier.bench.micro;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the micro-benchmarks and prints them as a Markdown table, each with its ratio to the ceiling
 * measured in the same run ({@link MarkdownReport}). Arguments:
 *
 * <pre>
 * --smoke            1 fork, 1 short warm-up and 1 short iteration per benchmark, a smaller input
 * --include REGEX    only benchmarks whose name matches (ceilings of their group are added)
 * --out FILE         also write the Markdown to FILE
 * --jfr DIR          record each fork with Java Flight Recorder into DIR
 * --param K=V1,V2    only these values of the parameter K (e.g. step=keyed-no-op,player-timeline)
 * </pre>
 */
public final class MicroBench {
  private MicroBench() {}

  /** How long and how often each benchmark runs. */
  record Plan(int forks, int warmups, TimeValue warmup, int iterations, TimeValue iteration) {
    static final Plan FULL = new Plan(1, 2, TimeValue.seconds(3), 3, TimeValue.seconds(5));
    static final Plan SMOKE =
        new Plan(1, 1, TimeValue.milliseconds(300), 1, TimeValue.milliseconds(700));

    @Override
    public String toString() {
      return forks
          + " fork, "
          + warmups
          + " × "
          + warmup
          + " warm-up, "
          + iterations
          + " × "
          + iteration
          + " measured";
    }
  }

  public static void main(String[] args) throws RunnerException, IOException {
    boolean smoke = false;
    String include = null;
    Path out = null;
    Path jfr = null;
    Map<String, String[]> params = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> smoke = true;
        case "--include" -> include = value(args, ++i, "--include");
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--jfr" -> jfr = Path.of(value(args, ++i, "--jfr"));
        case "--param" -> {
          String p = value(args, ++i, "--param");
          int eq = p.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--param needs K=V1,V2, was " + p);
          }
          params.put(p.substring(0, eq), p.substring(eq + 1).split(","));
        }
        case "-h", "--help" -> {
          System.out.println(
              "usage: croupier-bench-micro [--smoke] [--include REGEX] [--out FILE] [--jfr DIR]"
                  + " [--param K=V1,V2]");
          return;
        }
        default ->
            throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
      }
    }
    Plan plan = smoke ? Plan.SMOKE : Plan.FULL;
    List<String> jvmArgs = new ArrayList<>(forkJvmArgs());
    if (smoke) {
      jvmArgs.add("-D" + BenchData.EVENTS_PROPERTY + "=20000");
      jvmArgs.add("-D" + BenchData.PLAYERS_PROPERTY + "=2000");
    }
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .forks(plan.forks())
            .warmupIterations(plan.warmups())
            .warmupTime(plan.warmup())
            .measurementIterations(plan.iterations())
            .measurementTime(plan.iteration())
            .threads(1)
            .jvmArgsAppend(jvmArgs.toArray(String[]::new))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.NORMAL);
    if (jfr != null) {
      // One recording per benchmark and parameter set, under DIR/<benchmark>-<params>/.
      Files.createDirectories(jfr);
      options.addProfiler(JavaFlightRecorderProfiler.class, "dir=" + jfr.toAbsolutePath());
    }
    params.forEach(options::param);
    if (include != null) {
      options.include(include);
      for (String ceiling : MarkdownReport.ceilingsFor(include)) {
        options.include(ceiling);
      }
    } else {
      options.include(MicroBench.class.getPackageName() + "\\..*");
    }
    double loadBefore = MarkdownReport.loadAverage();
    Collection<RunResult> results = new Runner(options.build()).run();
    String table =
        new MarkdownReport(results, plan.toString(), loadBefore, MarkdownReport.loadAverage())
            .render();
    System.out.println();
    System.out.println(table);
    if (out != null) {
      Files.writeString(out, table);
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  /** The JVM options of every fork: Flink's opens, a fixed heap, the collector the tests use. */
  static List<String> forkJvmArgs() {
    Properties p = new Properties();
    try (InputStream in = MicroBench.class.getResourceAsStream("/croupier-micro.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(List.of("-Xms4g", "-Xmx4g", "-XX:+UseParallelGC"));
    args.addAll(List.of(p.getProperty("jvm.opens").trim().split("\\s+")));
    return args;
  }
}

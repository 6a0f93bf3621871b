package dev.croupier.drills.cluster;

import dev.croupier.drills.process.Exec;
import dev.croupier.drills.process.JavaCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code flink} command line ({@code org.apache.flink.client.cli.CliFrontend}) against the
 * cluster, each call a JVM of its own like the script: submit a jar, stop a job with a savepoint,
 * cancel. What users type is what the drills run.
 */
public final class FlinkCli {
  private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
  private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final String classpath;
  private final Path confDir;
  private final Path log4j;
  private final Path dir;
  private final List<String> extraJvmOptions;

  FlinkCli(String classpath, Path confDir, Path log4j, Path dir, List<String> extraJvmOptions) {
    this.classpath = classpath;
    this.confDir = confDir;
    this.log4j = log4j;
    this.dir = dir;
    this.extraJvmOptions = List.copyOf(extraJvmOptions);
  }

  /**
   * A submission: entry class, jar, optional savepoint to start from, the job's arguments, and
   * Flink options for this submission alone ({@code -D KEY=VALUE}).
   */
  public record Submission(
      String entryClass,
      Path jar,
      String fromSavepoint,
      List<String> args,
      Map<String, String> options) {
    public Submission {
      args = List.copyOf(args);
      options = Map.copyOf(options);
    }

    public Submission(String entryClass, Path jar, String fromSavepoint, List<String> args) {
      this(entryClass, jar, fromSavepoint, args, Map.of());
    }

    /** The {@code flink run} arguments, as documented. */
    public List<String> commandLine() {
      List<String> line = new ArrayList<>(List.of("run", "-d"));
      options.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              o -> {
                line.add("-D");
                line.add(o.getKey() + "=" + o.getValue());
              });
      line.add("-c");
      line.add(entryClass);
      if (fromSavepoint != null) {
        line.add("-s");
        line.add(fromSavepoint);
      }
      line.add(jar.toString());
      line.addAll(args);
      return line;
    }
  }

  /** {@code flink run -d …}; returns the job id, or fails with the command's output. */
  public String run(Submission submission) {
    Exec.Result r = flink(submission.commandLine());
    Matcher m = JOB_ID.matcher(r.output());
    if (!r.ok() || !m.find()) {
      throw new IllegalStateException(
          "flink " + String.join(" ", submission.commandLine()) + " failed:\n" + r.output());
    }
    return m.group(1);
  }

  /** {@code flink stop --savepointPath DIR JOB}: returns the savepoint's path. */
  public String stopWithSavepoint(String jobId, Path savepointDir) {
    List<String> line = List.of("stop", "--savepointPath", savepointDir.toUri().toString(), jobId);
    Exec.Result r = flink(line);
    Matcher m = SAVEPOINT.matcher(r.output());
    if (!r.ok() || !m.find()) {
      throw new IllegalStateException(
          "flink " + String.join(" ", line) + " failed:\n" + r.output());
    }
    return m.group(1);
  }

  /** {@code flink cancel JOB}. */
  public void cancel(String jobId) {
    Exec.Result r = flink(List.of("cancel", jobId));
    if (!r.ok()) {
      throw new IllegalStateException("flink cancel " + jobId + " failed:\n" + r.output());
    }
  }

  /** Runs {@code flink ARGS} and returns what it printed. */
  public Exec.Result flink(List<String> args) {
    List<String> jvm = new ArrayList<>(JavaCommand.FLINK_OPENS);
    jvm.add("-Xmx512m");
    jvm.add("-Dlog.file=" + dir.resolve("log").resolve("flink-cli.log"));
    jvm.add("-Dlog4j.configurationFile=file:" + log4j);
    jvm.addAll(extraJvmOptions);
    return Exec.run(
        new JavaCommand(classpath, "org.apache.flink.client.cli.CliFrontend")
            .jvm(jvm)
            .args(args)
            .toList(),
        dir,
        dir.resolve("log").resolve("flink-cli.out"),
        Map.of("FLINK_CONF_DIR", confDir.toString()),
        TIMEOUT);
  }
}

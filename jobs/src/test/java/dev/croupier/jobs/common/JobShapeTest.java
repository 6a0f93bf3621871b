package dev.croupier.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.BalanceJob;
import dev.croupier.jobs.balance.BalanceJobConfig;
import dev.croupier.jobs.fraud.FraudDetectionJob;
import dev.croupier.jobs.fraud.FraudJobConfig;
import dev.croupier.jobs.leaderboard.LeaderboardJob;
import dev.croupier.jobs.leaderboard.LeaderboardJobConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every job reads alike: the same members with the same signatures, and a config record that is the
 * one place for its name, group, defaults and transactional ids, as docs/ARCHITECTURE.md says.
 */
class JobShapeTest {
  private static final String[] REQUIRED = {
    "--kafka.bootstrap-servers=k:9092", "--registry.url=http://r:8080"
  };

  static Stream<Arguments> jobs() {
    return Stream.of(
        Arguments.of(BalanceJob.class, BalanceJobConfig.class),
        Arguments.of(LeaderboardJob.class, LeaderboardJobConfig.class),
        Arguments.of(FraudDetectionJob.class, FraudJobConfig.class));
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void shouldExposeTheOneJobShape(Class<?> job, Class<?> config) throws Exception {
    Class<?> sources = nested(job, "Sources");
    Class<?> inputs = nested(job, "Inputs");
    Class<?> outputs = nested(job, "Outputs");
    Class<?> sinks = nested(job, "Sinks");

    assertThat(List.of(sources, inputs, outputs, sinks)).allMatch(Class::isRecord);
    assertStatic(sources.getMethod("of", config), sources);
    assertThat(sources.getMethod("read", StreamExecutionEnvironment.class, config).getReturnType())
        .isEqualTo(inputs);
    assertStatic(sinks.getMethod("of", config), sinks);
    assertStatic(job.getMethod("build", inputs, config), outputs);
    assertStatic(job.getMethod("sinkTo", outputs, sinks), void.class);
    assertStatic(job.getMethod("main", String[].class), void.class);
    // One input stream per source, of the same name; outputs are streams
    assertThat(names(inputs.getRecordComponents())).isEqualTo(names(sources.getRecordComponents()));
    assertThat(Arrays.stream(inputs.getRecordComponents()).map(RecordComponent::getType))
        .allMatch(t -> t == DataStream.class);
    assertThat(Arrays.stream(outputs.getRecordComponents()).map(RecordComponent::getType))
        .allMatch(t -> t == DataStream.class);
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void shouldKeepTheJobsIdentityInItsConfig(Class<?> job, Class<?> config) throws Exception {
    String name = (String) config.getField("JOB_NAME").get(null);
    String defaults = (String) config.getField("DEFAULTS").get(null);
    Method load = config.getMethod("load", String[].class);
    assertStatic(load, config);

    JobConfig cfg = (JobConfig) load.invoke(null, (Object) REQUIRED);

    assertThat(getClass().getClassLoader().getResource(defaults)).as(defaults).isNotNull();
    assertThat(cfg.common().jobName()).isEqualTo(name);
    assertThat(cfg.flinkJobName()).isEqualTo("croupier-" + name);
    assertThat(cfg.groupId()).isEqualTo("croupier-" + name);
    assertThat(cfg.transactionalIdPrefix()).isEqualTo("croupier-" + name);
    assertThat(cfg.inputs()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void shouldLeaveEnvironmentWideSettingsToJobEnvironment(Class<?> job, Class<?> config)
      throws Exception {
    JobConfig cfg =
        (JobConfig) config.getMethod("load", String[].class).invoke(null, (Object) REQUIRED);

    StreamExecutionEnvironment env = JobEnvironment.create(cfg);

    assertThat(env.getConfig().isObjectReuseEnabled()).isEqualTo(cfg.objectReuse());
    assertThat(cfg.objectReuse())
        .isEqualTo(
            job == FraudDetectionJob.class
                || job == BalanceJob.class
                || job == LeaderboardJob.class);
  }

  private static Class<?> nested(Class<?> job, String name) {
    return Arrays.stream(job.getDeclaredClasses())
        .filter(c -> c.getSimpleName().equals(name) && Modifier.isPublic(c.getModifiers()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(job.getSimpleName() + " has no public " + name));
  }

  private static void assertStatic(Method m, Class<?> returns) {
    assertThat(Modifier.isStatic(m.getModifiers())).as(m + " is static").isTrue();
    assertThat(m.getReturnType()).as(m.toString()).isEqualTo(returns);
  }

  private static List<String> names(RecordComponent[] components) {
    return Arrays.stream(components).map(RecordComponent::getName).toList();
  }
}

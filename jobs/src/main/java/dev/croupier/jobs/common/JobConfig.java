package dev.croupier.jobs.common;

import dev.croupier.schemas.topics.Topic;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.config.ConfigValues;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every job's config record is the one place for: its name ({@code common().jobName()}, also
 * the Flink job name and the default Kafka group id {@code croupier-<name>}), its input topics, the
 * prefix of its transactional ids ({@code <job>.transactional-id-prefix}) and whether its functions
 * allow object reuse. Each record also has {@code JOB_NAME}, {@code DEFAULTS} (its bundled defaults
 * resource) and {@code load(String[] args)}; the local platform reads them there.
 */
public interface JobConfig {

  /** The settings every job shares. */
  CommonJobConfig common();

  /** Prefix of the job's transactional ids: {@code <prefix>-<sink>}, distinct per deployment. */
  String transactionalIdPrefix();

  /** The topics the job reads (contract names; resolve with {@code common().topics()}). */
  List<Topic<?>> inputs();

  /**
   * Whether Flink may hand one record object to several chained functions: only for jobs whose
   * functions never keep or change a record they were given.
   */
  default boolean objectReuse() {
    return false;
  }

  /** The Flink job name, e.g. {@code croupier-balance}. */
  default String flinkJobName() {
    return "croupier-" + common().jobName();
  }

  /** The Kafka consumer group the job commits its offsets to. */
  default String groupId() {
    return common().kafka().groupId();
  }

  /** The configured names of {@link #inputs()}. */
  default List<String> inputTopicNames() {
    return inputs().stream().map(t -> common().topics().name(t)).toList();
  }

  /**
   * Reads {@code <job>.transactional-id-prefix} (default {@code croupier-<job>}), checking it is a
   * valid transactional id.
   */
  static String transactionalIdPrefix(ConfigValues c, String job) {
    String key = job + ".transactional-id-prefix";
    String prefix = c.string(key, "croupier-" + job);
    if (!Pattern.matches("[A-Za-z0-9._-]+", prefix)) {
      throw ConfigValues.invalid(key, prefix, "letters, digits, '.', '_' or '-'");
    }
    return prefix;
  }

  /** Loads a job's config in {@code main}; a bad key is logged before the job fails to start. */
  static <C extends JobConfig> C load(String job, Supplier<C> load) {
    try {
      return load.get();
    } catch (ConfigException e) {
      Logger log = LoggerFactory.getLogger(JobConfig.class);
      log.error("The {} job is not started: {}", job, e.getMessage());
      throw e;
    }
  }
}

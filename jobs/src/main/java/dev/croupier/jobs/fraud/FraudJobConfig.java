package dev.croupier.jobs.fraud;

import dev.croupier.jobs.common.JobConfig;
import dev.croupier.schemas.fraud.InvalidRulesException;
import dev.croupier.schemas.fraud.RuleBook;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.config.EventTimeSettings;
import dev.croupier.udfs.config.RuntimeSettings;
import dev.croupier.udfs.fraud.rules.FraudRules;
import dev.croupier.udfs.fraud.rules.RuleRegistry;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the fraud job is configured with: the shared settings, the rules (YAML file, with
 * single keys overridable as {@code fraud.rule.<rule-id>.<key>}), and the job's own keys:
 *
 * <pre>
 * fraud.rules-file                 YAML rules file (default: the bundled croupier/fraud-rules.yaml)
 * fraud.out-of-orderness=5s        how far an event may trail the newest of its partition
 * fraud.idleness=30s               a partition silent this long stops holding the watermark back
 * fraud.redis.recent-alerts=10000  approximate cap of the alerts:recent stream
 * fraud.redis.alerts-per-user=100  cap of each alerts:user:&lt;userId&gt; sorted set
 * fraud.redis.user-alerts-ttl=30d  expiry of an alerts:user key after its last alert (0 = never)
 * fraud.transactional-id-prefix=croupier-fraud  Kafka transactional ids: &lt;prefix&gt;-alerts, &lt;prefix&gt;-dlq
 * fraud.early-alerts=true          evaluate fresh in-order events on arrival too (Redis alerts:early:*)
 * fraud.early-alerts.max-age       how old an event may be on arrival to be evaluated early
 *                                  (default: fraud.out-of-orderness)
 * fraud.early-alerts.retraction-delay=2s  how long an unconfirmed early alert waits past the
 *                                  watermark for its confirmation before it is retracted
 * </pre>
 */
public record FraudJobConfig(
    CommonJobConfig common,
    FraudRules rules,
    EventTimeSettings eventTime,
    int recentAlerts,
    int alertsPerUser,
    Duration userAlertsTtl,
    String transactionalIdPrefix,
    EarlyAlerts earlyAlerts)
    implements JobConfig, Serializable {

  /**
   * The early-alert track: on or off, the age on arrival up to which an event is evaluated early
   * (an older one gains nothing: the watermark passes it about when it arrives), and how long after
   * the watermark an unconfirmed early alert waits for its confirmation before it is retracted.
   */
  public record EarlyAlerts(boolean enabled, Duration maxAge, Duration retractionDelay)
      implements Serializable {
    /** A few hops' buffer timeouts and a woken task's scheduling, with room on a loaded machine. */
    public static final Duration DEFAULT_RETRACTION_DELAY = Duration.ofSeconds(2);

    static EarlyAlerts from(ConfigValues c, EventTimeSettings eventTime) {
      boolean enabled = c.bool("fraud.early-alerts", true);
      // Durations are never negative (the parser rejects them, naming the key).
      return new EarlyAlerts(
          enabled,
          c.duration("fraud.early-alerts.max-age", eventTime.outOfOrderness()),
          c.duration("fraud.early-alerts.retraction-delay", DEFAULT_RETRACTION_DELAY));
    }
  }

  public static final String JOB_NAME = "fraud";

  /** Bundled defaults in the job jar (a copy is flink-conf/fraud-job.properties). */
  public static final String DEFAULTS = "croupier/fraud-job.properties";

  /** Bundled rules (from the schemas jar; a copy is flink-conf/fraud-rules.yaml). */
  public static final String RULES = RuleBook.RESOURCE;

  /**
   * The fraud job's {@code job.buffer-timeout}. Its ~30 tasks each flush partly filled buffers at
   * this interval: at the jobs' common 5 ms the flusher threads alone took a fifth of the
   * TaskManager's CPU, and many small buffers made every hop dearer. 25 ms brought the full-size
   * catch-up from 39.0k to 51.5k events/s (docs/BENCHMARKS.md, fifth round); its cost is at most 25
   * ms per hop at low rates, about 100 ms on the early-alert path, inside its 500 ms budget.
   */
  static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(25);

  /** The job with the default rules. */
  public static FraudJobConfig from(ConfigValues c) {
    return from(c, RuleRegistry.DEFAULT);
  }

  /** The job with the rules of {@code registry}, configured from the rules file. */
  public static FraudJobConfig from(ConfigValues c, RuleRegistry registry) {
    EventTimeSettings eventTime =
        EventTimeSettings.from(c, JOB_NAME, Duration.ofSeconds(5), Duration.ofSeconds(30));
    FraudJobConfig config =
        new FraudJobConfig(
            CommonJobConfig.from(
                c, JOB_NAME, RuntimeSettings.StateBackend.HASHMAP, DEFAULT_BUFFER_TIMEOUT),
            rules(c, registry),
            eventTime,
            c.intBetween("fraud.redis.recent-alerts", 10_000, 1, 10_000_000),
            c.intBetween("fraud.redis.alerts-per-user", 100, 1, 1_000_000),
            c.duration("fraud.redis.user-alerts-ttl", Duration.ofDays(30)),
            JobConfig.transactionalIdPrefix(c, JOB_NAME),
            EarlyAlerts.from(c, eventTime));
    c.rejectUnknownKeys("the " + JOB_NAME + " job");
    return config;
  }

  /** Bundled defaults, then {@code --config FILE}, then {@code --key=value} arguments. */
  public static FraudJobConfig load(String[] args) {
    return from(ConfigValues.load(DEFAULTS, args));
  }

  @Override
  public List<Topic<?>> inputs() {
    return Topics.INPUTS;
  }

  /**
   * The rules only read their input and never keep a reference they change: object reuse saves a
   * copy per record for each of the chained rule operators behind the timeline. The alert Redis
   * sinks keep each alert until their sender thread has written its batch, after the task thread
   * moved on; safe because no function changes an alert once it is emitted.
   */
  @Override
  public boolean objectReuse() {
    return true;
  }

  static FraudRules rules(ConfigValues c, RuleRegistry registry) {
    Map<String, Map<String, String>> overrides = new TreeMap<>();
    c.withPrefix("fraud.rule.", registry.overrideKeys())
        .forEach(
            (k, v) -> {
              int dot = k.indexOf('.');
              if (dot <= 0 || dot == k.length() - 1) {
                throw ConfigValues.invalid(
                    "fraud.rule." + k, v, "a key of the form fraud.rule.<rule-id>.<key>");
              }
              overrides
                  .computeIfAbsent(k.substring(0, dot), r -> new TreeMap<>())
                  .put(k.substring(dot + 1), v);
            });
    String file = c.string("fraud.rules-file", null);
    RuleBook book;
    try {
      book =
          file == null
              ? RuleBook.bundled()
              : RuleBook.parse(
                  Files.readString(Path.of(file), StandardCharsets.UTF_8), "'" + file + "'");
      book = book.withOverrides(overrides);
    } catch (IOException e) {
      throw new ConfigException(
          "Config key 'fraud.rules-file': expected a readable YAML file, got '" + file + "'", e);
    } catch (InvalidRulesException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    return registry.configure(book);
  }
}

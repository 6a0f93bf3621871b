package dev.croupier.jobs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.common.CommittedRecords;
import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.avro.RuleMode;
import dev.croupier.schemas.avro.RuleVersion;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;

/**
 * Live rules on the real test kit, in one running fraud job (no restart): a new version of {@code
 * bet-velocity} pushed to risk.rules fires the next alert under that version; a version that does
 * not validate is dead-lettered while the live one keeps firing; a SHADOW version beside the ACTIVE
 * one writes its alerts only to risk.alerts.shadow and its own Redis keys.
 */
@ExtendWith(SharedServices.class)
class LiveRulesIT {
  private static final Logger LOG = LoggerFactory.getLogger(LiveRulesIT.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobFixture.miniCluster(new Configuration());

  private JobFixture run;
  private AvroWireSerializer<RuleConfig> rules;
  private CommittedRecords out;
  private long clock = T0.toEpochMilli();
  private int players;
  private int bets;

  @Test
  void shouldApplyVersionsLiveDeadLetterABadOneAndKeepAShadowApart(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    try (JobFixture fixture = new JobFixture("fraud-live-rules", kafka, redis, registry);
        SchemaRegistryClient client =
            SchemaRegistryClient.create(RegistryConfig.of(registry.confluentApiUrl()))) {
      run = fixture;
      rules = AvroWireSerializer.forTopic(Topics.RULES, client, SchemaRegistration.REGISTER);
      start();
      out = run.follow(Topics.ALERTS, Topics.SHADOW_ALERTS, Topics.DLQ);

      // Given the rules file's bet-velocity (version 1: 30 bets within 10 s): 20 bets are no alert
      String v1Player = burst(20);
      String v1Bot = burst(30);
      awaitAlert(Topics.ALERTS, a -> a.getUserId().equals(v1Bot));
      assertThat(alertsOf(Topics.ALERTS, v1Bot))
          .extracting(FraudAlert::getRuleVersion)
          .contains(1L);

      // When version 2 (15 bets) is pushed while the job runs
      long pushedAt = System.nanoTime();
      push(velocity(2, RuleMode.ACTIVE, "15", null));

      // Then the next 20-bet burst alerts under version 2, without a restart
      String v2Player = burstsUntilAlert(20, 2, pushedAt);
      assertThat(alertsOf(Topics.ALERTS, v1Player)).as("v1 judged that burst").isEmpty();
      assertThat(alertsOf(Topics.ALERTS, v2Player))
          .singleElement()
          .satisfies(a -> assertThat(a.getAttributes()).containsEntry("bets.threshold", ">= 15"));

      // When version 3 does not validate (min-bets is not a number)
      push(velocity(3, RuleMode.ACTIVE, "lots", null));

      // Then it is dead-lettered with its reason, and version 2 keeps firing
      awaitDeadLetter("min-bets");
      String stillV2 = burst(20);
      FraudAlert a2 = awaitAlert(Topics.ALERTS, a -> a.getUserId().equals(stillV2));
      assertThat(a2.getRuleVersion()).isEqualTo(2);
      DeadLetter rejected =
          out.of(Topics.DLQ).stream()
              .filter(d -> d.getReason().equals("rule-rejected"))
              .findFirst()
              .orElseThrow();
      assertThat(rejected.getSourceTopic()).isEqualTo(run.topic(Topics.RULES));
      assertThat(rejected.getDetail()).contains("min-bets").contains("lots");

      // When version 4 (15 bets) is ACTIVE with version 5 (10 bets) in SHADOW beside it
      long shadowAt = System.nanoTime();
      push(velocity(4, RuleMode.ACTIVE, "15", "10"));
      String v4Bot = burstsUntilAlert(20, 4, shadowAt);

      // Then a 12-bet burst alerts on the shadow outputs only, a 20-bet burst on both (each its
      // own version)
      String shadowOnly = burst(12);
      awaitAlert(Topics.SHADOW_ALERTS, a -> a.getUserId().equals(shadowOnly));
      String both = burst(20);
      awaitAlert(Topics.ALERTS, a -> a.getUserId().equals(both));
      awaitAlert(Topics.SHADOW_ALERTS, a -> a.getUserId().equals(both));
      tick(); // lets any alert of the shadow-only player that would reach the main feed commit
      awaitAlert(Topics.SHADOW_ALERTS, a -> a.getUserId().equals(v4Bot));
      assertThat(alertsOf(Topics.ALERTS, shadowOnly)).isEmpty();
      assertThat(alertsOf(Topics.SHADOW_ALERTS, shadowOnly))
          .singleElement()
          .satisfies(a -> assertThat(a.getRuleVersion()).isEqualTo(5));
      assertThat(alertsOf(Topics.ALERTS, both))
          .extracting(FraudAlert::getRuleVersion)
          .containsExactly(4L);
      assertThat(alertsOf(Topics.SHADOW_ALERTS, both))
          .extracting(FraudAlert::getRuleVersion)
          .containsExactly(5L);
      assertThat(out.of(Topics.ALERTS))
          .as("no shadow version ever reaches the main feed")
          .noneMatch(a -> a.getRuleVersion() == 5);
      assertThat(out.of(Topics.SHADOW_ALERTS)).allMatch(a -> a.getRuleVersion() == 5);

      // And Redis keeps the shadow alerts under keys of their own
      assertThat(recent("alerts:shadow:recent"))
          .contains(alertsOf(Topics.SHADOW_ALERTS, shadowOnly).get(0).getAlertId());
      assertThat(recent("alerts:recent"))
          .doesNotContain(alertsOf(Topics.SHADOW_ALERTS, shadowOnly).get(0).getAlertId());
      assertThat(run.redis().zrange(run.keyPrefix() + "alerts:shadow:user:" + shadowOnly, 0, -1))
          .hasSize(1);
      assertThat(run.redis().exists(run.keyPrefix() + "alerts:user:" + shadowOnly)).isFalse();
    }
  }

  private void start() throws Exception {
    FraudJobConfig cfg =
        FraudJobConfig.from(
            run.config(
                "fraud",
                Map.of(
                    "job.checkpoint-interval", "200ms",
                    "fraud.out-of-orderness", "0s",
                    "fraud.idleness", "300ms")));
    run.createTopics(Topics.ALL);
    StreamExecutionEnvironment env = JobEnvironment.create(cfg);
    FraudDetectionJob.Inputs in =
        FraudDetectionJob.Sources.of(cfg, KafkaIo.Reading.CONTINUOUS).read(env, cfg);
    FraudDetectionJob.sinkTo(FraudDetectionJob.build(in, cfg), FraudDetectionJob.Sinks.of(cfg));
    run.start(env);
  }

  /** A new player's {@code n} bets, one every 100 ms of event time, then a tick; its user id. */
  private String burst(int n) {
    String player = "p" + ++players;
    clock += 60_000;
    for (int i = 0; i < n; i++) {
      bet(player, clock + i * 100L);
    }
    tick();
    return player;
  }

  /**
   * Bursts of {@code n} bets until one alerts under {@code version} (a rules record and the events
   * race through different inputs: bursts judged before the record applied alert under the earlier
   * version or not at all); logs the time from the push to that alert's commit.
   */
  private String burstsUntilAlert(int n, long version, long pushedAtNanos) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String player = burst(n);
      boolean fired =
          out.pollUntil(
              () ->
                  alertsOf(Topics.ALERTS, player).stream()
                      .anyMatch(a -> a.getRuleVersion() == version),
              Duration.ofMillis(400));
      if (fired) {
        LOG.info(
            "Rule change to version {} live: first alert under it committed {} ms after the push",
            version,
            (System.nanoTime() - pushedAtNanos) / 1_000_000);
        return player;
      }
    }
    throw new AssertionError("no alert under version " + version + " within " + TIMEOUT);
  }

  /** Bets of two players that land on both partitions, later in event time: moves watermarks. */
  private void tick() {
    clock += 30_000;
    for (String p : List.of("tick-a", "tick-b")) {
      bet(p, clock);
    }
    run.flush();
  }

  private void bet(String player, long at) {
    run.produce(Topics.BETS, player, TestBets.bet(++bets, player, at));
  }

  /** Writes {@code rule} to risk.rules as croupier-rules push does: wire format, keyed by id. */
  private void push(RuleConfig rule) {
    run.send(Topics.RULES, rule.getRuleId(), rules.serialize(rule));
    run.flush();
  }

  private static RuleConfig velocity(long version, RuleMode mode, String minBets, String shadow) {
    return RuleConfig.newBuilder()
        .setRuleId("bet-velocity")
        .setVersion(version)
        .setMode(mode)
        .setThresholds(Map.of("min-bets", minBets, "window", "10s"))
        .setShadow(
            shadow == null
                ? null
                : RuleVersion.newBuilder()
                    .setVersion(version + 1)
                    .setThresholds(Map.of("min-bets", shadow, "window", "10s"))
                    .build())
        .setUpdatedBy("LiveRulesIT")
        .build();
  }

  private FraudAlert awaitAlert(
      dev.croupier.schemas.topics.Topic<FraudAlert> topic, Predicate<FraudAlert> which) {
    List<FraudAlert> found = new ArrayList<>();
    boolean ok =
        out.pollUntil(
            () -> {
              found.clear();
              out.of(topic).stream().filter(which).forEach(found::add);
              return !found.isEmpty();
            },
            TIMEOUT);
    assertThat(ok)
        .as(
            "an alert on %s; seen alerts %s, shadow alerts %s, dead letters %s",
            topic.name(),
            out.of(Topics.ALERTS).stream()
                .map(a -> a.getUserId() + "@v" + a.getRuleVersion())
                .toList(),
            out.of(Topics.SHADOW_ALERTS).stream()
                .map(a -> a.getUserId() + "@v" + a.getRuleVersion())
                .toList(),
            out.of(Topics.DLQ).stream().map(d -> d.getReason() + ": " + d.getDetail()).toList())
        .isTrue();
    return found.get(0);
  }

  private void awaitDeadLetter(String detail) {
    assertThat(
            out.pollUntil(
                () ->
                    out.of(Topics.DLQ).stream()
                        .anyMatch(
                            d ->
                                d.getReason().equals("rule-rejected")
                                    && d.getDetail().contains(detail)),
                TIMEOUT))
        .as("the rejected version on platform.dlq")
        .isTrue();
  }

  private List<FraudAlert> alertsOf(
      dev.croupier.schemas.topics.Topic<FraudAlert> topic, String player) {
    return out.of(topic).stream().filter(a -> a.getUserId().equals(player)).toList();
  }

  private List<String> recent(String key) {
    return run
        .redis()
        .xrange(run.keyPrefix() + key, (StreamEntryID) null, (StreamEntryID) null)
        .stream()
        .map(e -> e.getFields().get("alertId"))
        .toList();
  }
}

package dev.croupier.jobs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.common.CommittedRecords;
import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The early-alert track in the whole job, on a live stream at wall-clock event time with the
 * default 5 s out-of-orderness: an alert on in-order events is in Redis {@code alerts:early:*}
 * while the watermark still holds it back from {@code risk.alerts}, and is then confirmed with the
 * same id; an early alert that an out-of-order event proves wrong is retracted there, and the
 * watermark track's alert shown instead, so the early feed ends as {@code risk.alerts} does.
 */
@ExtendWith(SharedServices.class)
class EarlyAlertsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobFixture.miniCluster(new Configuration());

  private JobFixture run;
  private CommittedRecords out;
  private int bets;

  @Test
  void shouldShowInOrderAlertsBeforeTheWatermarkAndCorrectThemByIt(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    try (JobFixture fixture = new JobFixture("fraud-early", kafka, redis, registry)) {
      run = fixture;
      start();
      out = run.follow(Topics.ALERTS);

      // Given the rules file's bet-velocity (30 bets within 10 s) and a bot's 30 bets, in order,
      // 100 ms apart, ending now; nothing later is sent, so the watermark stays 5 s behind them
      long base = System.currentTimeMillis() - 3_000;
      for (int i = 0; i < 30; i++) {
        bet("bot", base + i * 100L);
      }
      run.flush();

      // Then its alert is in the early feed, and not in risk.alerts: the watermark track waits
      String early = awaitShown("bot");
      Thread.sleep(2_000);
      assertThat(out.of(Topics.ALERTS)).as("nothing passed the watermark yet").isEmpty();

      // Given a second bot whose 31 bets arrive in order except the first, which comes last (3 s
      // behind its partition's newest event: out of order, not late)
      long base2 = System.currentTimeMillis() - 3_500;
      for (int i = 1; i <= 30; i++) {
        bet("bot2", base2 + i * 100L);
      }
      run.flush();
      String wrong = awaitShown("bot2");
      bet("bot2", base2);
      run.flush();

      // When later events move the watermark past both bursts
      Thread.sleep(500);
      long later = System.currentTimeMillis() + 10_000;
      bet("tick-a", later);
      bet("tick-b", later);
      run.flush();

      // Then the first alert is confirmed with the same id and stays shown
      FraudAlert confirmed = awaitCommitted("bot");
      assertThat(confirmed.getAlertId()).isEqualTo(early);
      // And bot2's early alert (bets 1-30) is retracted; the watermark track's (bets 0-29, in
      // event-time order) is shown instead
      FraudAlert right = awaitCommitted("bot2");
      assertThat(right.getAlertId()).isNotEqualTo(wrong);
      assertThat(
              out.pollUntil(
                  () -> entries().stream().anyMatch(e -> isRetraction(e, wrong)), TIMEOUT))
          .as("a retraction of %s in alerts:early:recent", wrong)
          .isTrue();
      assertThat(out.pollUntil(() -> shownIds("bot2").equals(List.of(right.getAlertId())), TIMEOUT))
          .as("alerts:early:user:bot2 holds the confirmed alert only: %s", shownIds("bot2"))
          .isTrue();
      assertThat(shownIds("bot")).containsExactly(early);
      assertThat(entries()).noneMatch(e -> isRetraction(e, early));
    }
  }

  private void start() throws Exception {
    FraudJobConfig cfg =
        FraudJobConfig.from(
            run.config(
                "fraud",
                Map.of(
                    "job.checkpoint-interval", "200ms",
                    "fraud.idleness", "300ms",
                    // A loaded test machine may take seconds to read: wider than the default
                    "fraud.early-alerts.max-age", "60s")));
    assertThat(cfg.eventTime().outOfOrderness()).isEqualTo(Duration.ofSeconds(5));
    run.createTopics(Topics.ALL);
    StreamExecutionEnvironment env = JobEnvironment.create(cfg);
    FraudDetectionJob.Inputs in =
        FraudDetectionJob.Sources.of(cfg, KafkaIo.Reading.CONTINUOUS).read(env, cfg);
    FraudDetectionJob.sinkTo(FraudDetectionJob.build(in, cfg), FraudDetectionJob.Sinks.of(cfg));
    run.start(env);
  }

  /** The id of the first alert of {@code player} shown in the early feed. */
  private String awaitShown(String player) {
    String[] id = new String[1];
    boolean ok =
        out.pollUntil(
            () -> {
              List<String> ids = shownIds(player);
              id[0] = ids.isEmpty() ? null : ids.get(0);
              return id[0] != null;
            },
            TIMEOUT);
    assertThat(ok).as("an early alert of %s; stream %s", player, entries()).isTrue();
    return id[0];
  }

  private FraudAlert awaitCommitted(String player) {
    assertThat(
            out.pollUntil(
                () -> out.of(Topics.ALERTS).stream().anyMatch(a -> a.getUserId().equals(player)),
                TIMEOUT))
        .as("an alert of %s on risk.alerts", player)
        .isTrue();
    List<FraudAlert> of =
        out.of(Topics.ALERTS).stream().filter(a -> a.getUserId().equals(player)).toList();
    assertThat(of).hasSize(1);
    return of.get(0);
  }

  private List<String> shownIds(String player) {
    return run.redis().zrange(run.keyPrefix() + "alerts:early:user:" + player, 0, -1);
  }

  private List<StreamEntry> entries() {
    return run.redis()
        .xrange(
            run.keyPrefix() + "alerts:early:recent", (StreamEntryID) null, (StreamEntryID) null);
  }

  private static boolean isRetraction(StreamEntry e, String alertId) {
    return alertId.equals(e.getFields().get("alertId"))
        && "true".equals(e.getFields().get("retracted"));
  }

  private void bet(String player, long at) {
    run.produce(Topics.BETS, player, TestBets.bet(++bets, player, at));
  }
}

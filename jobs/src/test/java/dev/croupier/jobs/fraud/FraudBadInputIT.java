package dev.croupier.jobs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.rules.FieldRules;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.DeadLetters;
import dev.croupier.simulator.fault.RecordMutator;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One kind of bad input at a time through the fraud job on the real test kit (Kafka, Apicurio,
 * Redis, a MiniCluster), with no restart allowed: a far-future occurredAt, ~1 MB records,
 * placeholder device ids shared by strangers, and amounts at and beyond the 10^14 bound. Each test
 * ends with a labelled multi-accounting farm (four players on one phone) sent after the bad input,
 * so a job that froze, restarted or fell behind on the bad records misses its alert.
 */
@ExtendWith(SharedServices.class)
class FraudBadInputIT {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final String FARM_DEVICE = "farm-phone";

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobFixture.miniCluster(new Configuration());

  @Test
  void shouldDeadLetterAFarFutureEventAndStillProcessTheOnTimeOnesAfterIt(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    try (JobFixture run = new JobFixture("fraud-future", kafka, redis, registry)) {
      run.createTopics(Topics.ALL);
      // Given a login stamped 30 days ahead of its send time, on the partition of the player who
      // completes the farm, sent before the whole farm
      run.produce(
          Topics.ACCOUNTS,
          "farm-4",
          login("future-1", "farm-4", Instant.now().plus(Duration.ofDays(30)), "far-phone"));
      produceFarm(run, 0);

      // When the job reads it all, with no restart allowed
      runToTheEnd(run, Map.of());

      // Then that event is a future-event-time dead letter, and the farm behind it still alerts
      assertThat(run.committed(Topics.DLQ))
          .extracting(DeadLetter::getReason)
          .containsExactly("future-event-time");
      assertThat(run.committed(Topics.ALERTS))
          .extracting(a -> new FraudTraffic.Expected(a.getRuleId(), a.getUserId()))
          .containsExactly(new FraudTraffic.Expected("multi-accounting", "farm-4"));
    }
  }

  @Test
  void shouldDeadLetterOneMegabyteRecordsBoundedAndProcessTheRecordsAfterThem(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    try (JobFixture run = new JobFixture("fraud-huge", kafka, redis, registry)) {
      run.createTopics(Topics.ALL);
      // Given a valid bet padded with trailing bytes to ~1 MB, and a valid login whose eventId
      // alone is ~1 MB, each on the partition of a farm player, sent before the farm
      byte[] bet = run.encode(Topics.BETS, bet("bet-1", "farm-1", T0, 500));
      byte[] padded = Arrays.copyOf(bet, RecordMutator.OVERSIZED_VALUE_BYTES);
      run.send(Topics.BETS, "farm-1", padded);
      char[] id = new char[RecordMutator.OVERSIZED_VALUE_BYTES - 1_000];
      Arrays.fill(id, 'x');
      run.produce(Topics.ACCOUNTS, "farm-2", login(new String(id), "farm-2", T0, FARM_DEVICE));
      produceFarm(run, 0);

      // When the job reads it all, with no restart allowed
      runToTheEnd(run, Map.of());

      // Then each is one bounded dead letter that still names its whole value
      List<DeadLetter> dead = run.committed(Topics.DLQ);
      assertThat(dead)
          .extracting(DeadLetter::getReason)
          .containsExactlyInAnyOrder("corrupt-body", "oversized-field");
      for (DeadLetter d : dead) {
        assertThat(d.getValue().remaining()).isLessThanOrEqualTo(DeadLetters.MAX_COPIED_BYTES);
        assertThat(d.getValueSize()).isGreaterThan(DeadLetters.MAX_COPIED_BYTES);
      }
      DeadLetter corrupt =
          dead.stream().filter(d -> d.getReason().equals("corrupt-body")).findFirst().orElseThrow();
      assertThat(corrupt.getValueSize()).isEqualTo(padded.length);
      assertThat(corrupt.getValueSha256()).isEqualTo(DeadLetters.sha256(padded));
      // And the farm behind them alerts: the job neither stopped nor restarted (attempts are 0)
      assertThat(run.committed(Topics.ALERTS))
          .extracting(a -> new FraudTraffic.Expected(a.getRuleId(), a.getUserId()))
          .containsExactly(new FraudTraffic.Expected("multi-accounting", "farm-4"));
    }
  }

  @Test
  void shouldLinkNobodyThroughPlaceholderDevicesButStillLinkARealSharedDevice(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    try (JobFixture run = new JobFixture("fraud-placeholder", kafka, redis, registry)) {
      run.createTopics(Topics.ALL);
      // Given six unrelated players on each placeholder device id within an hour, and a farm
      String[] placeholders = {"", "unknown", "UNKNOWN", "00000000-0000-0000-0000-000000000000"};
      for (int p = 0; p < placeholders.length; p++) {
        for (int i = 1; i <= 6; i++) {
          String u = "stranger-" + p + "-" + i;
          Instant at = T0.plus(Duration.ofMinutes(p * 10L + i));
          run.produce(Topics.ACCOUNTS, u, login("ph-" + p + "-" + i, u, at, placeholders[p]));
        }
      }
      produceFarm(run, 60);

      // When the job reads it all
      runToTheEnd(run, Map.of());

      // Then only the real shared device raises a multi-accounting alert; nothing is refused
      assertThat(run.committed(Topics.ALERTS))
          .extracting(a -> new FraudTraffic.Expected(a.getRuleId(), a.getUserId()))
          .containsExactly(new FraudTraffic.Expected("multi-accounting", "farm-4"));
      assertThat(run.committed(Topics.DLQ)).isEmpty();
    }
  }

  @Test
  void shouldDeadLetterAmountsBeyondTheBoundAndNeverWrapInAnAlert(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    try (JobFixture run = new JobFixture("fraud-amounts", kafka, redis, registry)) {
      run.createTopics(Topics.ALL);
      // Given a cash-out at exactly the bound (a rapid-cashout: 100 % withdrawn, nothing staked),
      // and the same shape one minor unit beyond it and at Long.MAX_VALUE
      long bound = FieldRules.MAX_AMOUNT;
      produceCashout(run, "whale-at-bound", bound);
      produceCashout(run, "whale-beyond", bound + 1);
      produceCashout(run, "whale-max", Long.MAX_VALUE);
      run.produce(Topics.BETS, "whale-max", bet("bet-max", "whale-max", T0, Long.MAX_VALUE));
      produceFarm(run, 60);

      // When the job reads it all, with no restart allowed
      runToTheEnd(run, Map.of());

      // Then the five amounts beyond the bound are amount-overflow dead letters
      assertThat(run.committed(Topics.DLQ))
          .extracting(DeadLetter::getReason)
          .containsExactly(
              "amount-overflow",
              "amount-overflow",
              "amount-overflow",
              "amount-overflow",
              "amount-overflow");
      // And the alerts are the bound's cash-out and the farm, with no wrapped (negative) figure
      List<FraudAlert> alerts = run.committed(Topics.ALERTS);
      assertThat(alerts)
          .extracting(a -> new FraudTraffic.Expected(a.getRuleId(), a.getUserId()))
          .containsExactlyInAnyOrder(
              new FraudTraffic.Expected("rapid-cashout", "whale-at-bound"),
              new FraudTraffic.Expected("multi-accounting", "farm-4"));
      FraudAlert cashout =
          alerts.stream()
              .filter(a -> a.getRuleId().equals("rapid-cashout"))
              .findFirst()
              .orElseThrow();
      assertThat(cashout.getAttributes().values())
          .filteredOn(v -> v.matches("-?\\d+"))
          .isNotEmpty()
          .allSatisfy(v -> assertThat(Long.parseLong(v)).isNotNegative());
      assertThat(cashout.getAttributes().values()).contains(String.valueOf(bound));
    }
  }

  /** Runs the fraud job over bounded sources to their end, never restarting. */
  private static void runToTheEnd(JobFixture run, Map<String, String> more) throws Exception {
    run.flush();
    Map<String, String> keys = new HashMap<>(more);
    keys.put("job.checkpoint-interval", "300ms");
    keys.put("job.restart-attempts", "0");
    FraudJobConfig cfg = FraudJobConfig.from(run.config("fraud", keys));
    StreamExecutionEnvironment env = JobEnvironment.create(cfg);
    KafkaIo.Reading reading = KafkaIo.Reading.until(OffsetsInitializer.latest());
    FraudDetectionJob.sinkTo(
        FraudDetectionJob.build(FraudDetectionJob.Sources.of(cfg, reading).read(env, cfg), cfg),
        FraudDetectionJob.Sinks.of(cfg));
    run.start(env);
    run.awaitEnd(TIMEOUT);
  }

  /** Four players log in on one phone, 20 minutes apart, starting {@code minutes} after T0. */
  private static void produceFarm(JobFixture run, int minutes) {
    for (int i = 1; i <= 4; i++) {
      String u = "farm-" + i;
      Instant at = T0.plus(Duration.ofMinutes(minutes + 20L * i));
      run.produce(Topics.ACCOUNTS, u, login("farm-login-" + i, u, at, FARM_DEVICE));
    }
  }

  /** A completed deposit of {@code amount}, and a withdrawal request of all of it 5 min later. */
  private static void produceCashout(JobFixture run, String u, long amount) {
    run.produce(
        Topics.PAYMENTS,
        u,
        payment(u + "-dep", u, T0, PaymentKind.DEPOSIT, PaymentStatus.COMPLETED, amount));
    run.produce(
        Topics.PAYMENTS,
        u,
        payment(
            u + "-wd",
            u,
            T0.plus(Duration.ofMinutes(5)),
            PaymentKind.WITHDRAWAL,
            PaymentStatus.REQUESTED,
            amount));
  }

  private static AccountEvent login(String eventId, String u, Instant at, String device) {
    return AccountEvent.newBuilder()
        .setEventId(eventId)
        .setOccurredAt(at)
        .setUserId(u)
        .setKind(AccountEventKind.LOGIN_SUCCEEDED)
        .setIp("20.0.9.9")
        .setDeviceId(device)
        .setCountry("EU")
        .build();
  }

  private static BetPlaced bet(String eventId, String u, Instant at, long stake) {
    return BetPlaced.newBuilder()
        .setEventId(eventId)
        .setOccurredAt(at)
        .setUserId(u)
        .setBetId("b-" + eventId)
        .setGameId("slots-7")
        .setRoundId("r-" + eventId)
        .setSessionId("s-" + u)
        .setStake(stake)
        .setCurrency("EUR")
        .build();
  }

  private static PaymentEvent payment(
      String eventId, String u, Instant at, PaymentKind kind, PaymentStatus status, long amount) {
    return PaymentEvent.newBuilder()
        .setEventId(eventId)
        .setOccurredAt(at)
        .setUserId(u)
        .setPaymentId("pm-" + eventId)
        .setKind(kind)
        .setStatus(status)
        .setAmount(amount)
        .setCurrency("EUR")
        .setInstrumentId("card-" + u)
        .setIp("20.0.8.8")
        .setDeviceId("dev-" + u)
        .build();
  }
}

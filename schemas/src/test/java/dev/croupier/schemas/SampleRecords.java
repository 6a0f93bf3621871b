package dev.croupier.schemas;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.avro.RuleMode;
import dev.croupier.schemas.avro.RuleVersion;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;

/** One valid record of every contract, with every optional field filled, for round-trip tests. */
public final class SampleRecords {

  public static final Instant EVENING = Instant.parse("2026-03-06T20:15:30.123Z");
  public static final Instant A_MINUTE_LATER = EVENING.plusSeconds(60);

  private SampleRecords() {}

  public static BetPlaced bet(long stake) {
    return BetPlaced.newBuilder()
        .setEventId("ev-bet-1")
        .setOccurredAt(EVENING)
        .setUserId("alice")
        .setBetId("bet-1")
        .setGameId("roulette")
        .setRoundId("round-9")
        .setSessionId("sess-3")
        .setStake(stake)
        .setCurrency("EUR")
        .build();
  }

  public static BetSettled settled() {
    return BetSettled.newBuilder()
        .setEventId("ev-settle-1")
        .setOccurredAt(A_MINUTE_LATER)
        .setUserId("alice")
        .setBetId("bet-1")
        .setGameId("poker")
        .setRoundId("round-9")
        .setOutcome(BetOutcome.WIN)
        .setStake(2_500)
        .setPayout(7_000)
        .setCurrency("EUR")
        .setCounterpartyUserId("bob")
        .build();
  }

  public static PaymentEvent payment() {
    return PaymentEvent.newBuilder()
        .setEventId("ev-pay-1")
        .setOccurredAt(EVENING)
        .setUserId("alice")
        .setPaymentId("pay-1")
        .setKind(PaymentKind.DEPOSIT)
        .setStatus(PaymentStatus.COMPLETED)
        .setAmount(10_000)
        .setCurrency("EUR")
        .setInstrumentId("card-fp-77")
        .setIp("203.0.113.7")
        .setDeviceId("dev-1")
        .build();
  }

  public static AccountEvent login() {
    return AccountEvent.newBuilder()
        .setEventId("ev-acc-1")
        .setOccurredAt(EVENING)
        .setUserId("alice")
        .setKind(AccountEventKind.LOGIN_SUCCEEDED)
        .setIp("203.0.113.7")
        .setDeviceId("dev-1")
        .setCountry("AT")
        .setLatitude(48.2082)
        .setLongitude(16.3738)
        .build();
  }

  public static FraudAlert alert() {
    return FraudAlert.newBuilder()
        .setAlertId("alert-1")
        .setRuleId("rapid-cashout")
        .setSeverity(Severity.HIGH)
        .setScore(87)
        .setUserId("alice")
        .setRelatedUserIds(List.of("bob", "carol"))
        .setEvidenceEventIds(List.of("ev-pay-1", "ev-pay-2"))
        .setFirstEventAt(EVENING)
        .setLastEventAt(A_MINUTE_LATER)
        .setDetectedAt(A_MINUTE_LATER)
        .setSummary("withdrew 90% of a deposit within a minute")
        .setAttributes(Map.of("depositMinor", "10000", "withdrawalMinor", "9000"))
        .build();
  }

  public static BalanceUpdated balance() {
    return BalanceUpdated.newBuilder()
        .setUserId("alice")
        .setSeq(3)
        .setCurrency("EUR")
        .setBalance(-1_250)
        .setDeposited(10_000)
        .setWithdrawn(9_000)
        .setStaked(2_500)
        .setPaidOut(250)
        .setBonus(0)
        .setLastEventId("ev-settle-1")
        .setUpdatedAt(A_MINUTE_LATER)
        .build();
  }

  public static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setSourceTopic("platform.bets")
        .setPartition(1)
        .setOffset(42)
        .setKey(ByteBuffer.wrap(new byte[] {'a'}))
        .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setReason("bad-magic-byte")
        .setDetail("first byte is 0x01, not 0x00")
        .setSchemaId(null)
        .setRecordTimestamp(EVENING)
        .setJob("balances")
        .build();
  }

  /** A topic of the registry paired with a valid record of its type. */
  public record Sample<T extends SpecificRecordBase>(Topic<T> topic, T record) {}

  /** A valid record for every topic in {@link Topics#ALL}. */
  public static List<Sample<?>> everyTopic() {
    return List.of(
        new Sample<>(Topics.BETS, bet(2_500)),
        new Sample<>(Topics.ROUNDS, settled()),
        new Sample<>(Topics.PAYMENTS, payment()),
        new Sample<>(Topics.ACCOUNTS, login()),
        new Sample<>(Topics.ALERTS, alert()),
        new Sample<>(Topics.BALANCES, balance()),
        new Sample<>(Topics.DLQ, deadLetter()),
        new Sample<>(Topics.RULES, ruleConfig()),
        new Sample<>(Topics.SHADOW_ALERTS, alert()));
  }

  /** A rules record with every optional field set: a primary and a shadow version. */
  public static RuleConfig ruleConfig() {
    return RuleConfig.newBuilder()
        .setRuleId("bet-velocity")
        .setVersion(3)
        .setMode(RuleMode.ACTIVE)
        .setSeverity(Severity.MEDIUM)
        .setCoolDownMillis(3_600_000L)
        .setThresholds(Map.of("min-bets", "30", "window", "10s"))
        .setShadow(
            RuleVersion.newBuilder()
                .setVersion(4)
                .setSeverity(Severity.LOW)
                .setCoolDownMillis(0L)
                .setThresholds(Map.of("min-bets", "25", "window", "10s"))
                .build())
        .setUpdatedAt(EVENING)
        .setUpdatedBy("risk-team")
        .build();
  }
}

package dev.croupier.udfs.balance;

import static dev.croupier.udfs.balance.LedgerEvents.BEGINNING;
import static dev.croupier.udfs.balance.LedgerEvents.PLAYER;
import static dev.croupier.udfs.balance.LedgerEvents.bet;
import static dev.croupier.udfs.balance.LedgerEvents.deposit;
import static dev.croupier.udfs.balance.LedgerEvents.minutesLater;
import static dev.croupier.udfs.balance.LedgerEvents.payment;
import static dev.croupier.udfs.balance.LedgerEvents.settled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BalanceLedgerTest {
  private static final Duration DEDUP_TTL = Duration.ofDays(7);
  private static final long OPENING = 10_000;

  private KeyedOneInputStreamOperatorTestHarness<String, LedgerEntry, BalanceUpdated> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, LedgerEntry, BalanceUpdated>
      newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new BalanceLedger(DEDUP_TTL, "balance")),
        LedgerEntry::getUserId,
        Types.STRING);
  }

  private void apply(LedgerEntry... entries) throws Exception {
    for (LedgerEntry e : entries) {
      harness.processElement(new StreamRecord<>(e));
    }
  }

  private List<BalanceUpdated> updates() {
    return harness.extractOutputValues();
  }

  private BalanceUpdated last() {
    List<BalanceUpdated> u = updates();
    return u.get(u.size() - 1);
  }

  private List<DeadLetter> deadLetters() {
    return harness.getSideOutput(BalanceLedger.DEAD_LETTERS) == null
        ? List.of()
        : harness.getSideOutput(BalanceLedger.DEAD_LETTERS).stream()
            .map(StreamRecord::getValue)
            .toList();
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> paymentRule() {
    return BalanceRuleTest.paymentRule();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("paymentRule")
  void shouldApplyEveryPaymentStepOnTopOfAnOpeningDeposit(
      PaymentKind kind,
      PaymentStatus status,
      long balance,
      long deposited,
      long withdrawn,
      long bonus)
      throws Exception {
    // Given a player whose first event was a completed deposit of 100.00
    apply(deposit("open", OPENING, BEGINNING));

    // When the payment step of 25.00 arrives a minute later
    apply(payment("step", kind, status, 2_500, minutesLater(1)));

    // Then it moves the balance and totals as the rule says, with the next seq; a step without
    // effect emits nothing
    if (balance == 0) {
      assertThat(updates()).hasSize(1);
      return;
    }
    assertThat(updates()).hasSize(2);
    BalanceUpdated u = last();
    assertThat(u.getSeq()).isEqualTo(2);
    assertThat(u.getBalance()).isEqualTo(OPENING + balance);
    assertThat(u.getDeposited()).isEqualTo(OPENING + deposited);
    assertThat(u.getWithdrawn()).isEqualTo(withdrawn);
    assertThat(u.getBonus()).isEqualTo(bonus);
    assertThat(u.getStaked()).isZero();
    assertThat(u.getPaidOut()).isZero();
    assertThat(u.getLastEventId()).isEqualTo("step");
    assertThat(u.getUpdatedAt()).isEqualTo(minutesLater(1));
    assertThat(u.getCurrency()).isEqualTo("EUR");
  }

  @Test
  void shouldDebitStakesAndCreditPayoutsWithVoidAndPushPayingTheStakeBack() throws Exception {
    // Given a deposit of 100.00
    apply(deposit("open", OPENING, BEGINNING));

    // When the player bets 4 × 10.00: a win paying 25.00, a loss, a push and a void
    apply(
        bet("b1", 1_000, minutesLater(1)),
        settled("s1", BetOutcome.WIN, 1_000, 2_500, minutesLater(2)),
        bet("b2", 1_000, minutesLater(3)),
        settled("s2", BetOutcome.LOSS, 1_000, 0, minutesLater(4)),
        bet("b3", 1_000, minutesLater(5)),
        settled("s3", BetOutcome.PUSH, 1_000, 1_000, minutesLater(6)),
        bet("b4", 1_000, minutesLater(7)),
        settled("s4", BetOutcome.VOID, 1_000, 0, minutesLater(8)));

    // Then balance = 100 − 40 + 25 + 10 + 10, staked 40, paid out 45; the loss took no seq
    BalanceUpdated u = last();
    assertThat(u.getBalance()).isEqualTo(10_500);
    assertThat(u.getStaked()).isEqualTo(4_000);
    assertThat(u.getPaidOut()).isEqualTo(4_500);
    assertThat(u.getSeq()).isEqualTo(8);
    assertThat(updates())
        .extracting(BalanceUpdated::getSeq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(u.getLastEventId()).isEqualTo("s4");
    assertThat(u.getUpdatedAt()).isEqualTo(minutesLater(8));
  }

  @Test
  void shouldApplyAnEventDeliveredTwiceOnlyOnce() throws Exception {
    // Given a deposit and a bet
    apply(deposit("d1", OPENING, BEGINNING), bet("b1", 1_000, minutesLater(1)));

    // When both are delivered again, and then a new bet arrives
    apply(
        deposit("d1", OPENING, BEGINNING),
        bet("b1", 1_000, minutesLater(1)),
        bet("b2", 500, minutesLater(2)));

    // Then the duplicates changed nothing and took no seq
    assertThat(updates()).extracting(BalanceUpdated::getSeq).containsExactly(1L, 2L, 3L);
    assertThat(last().getBalance()).isEqualTo(8_500);
    assertThat(last().getStaked()).isEqualTo(1_500);
  }

  @Test
  void shouldRememberAnEventWithoutEffectSoItsRedeliveryIsADuplicateToo() throws Exception {
    // Given a requested deposit (no effect) and then its completion
    apply(
        payment("req", PaymentKind.DEPOSIT, PaymentStatus.REQUESTED, OPENING, BEGINNING),
        payment("done", PaymentKind.DEPOSIT, PaymentStatus.COMPLETED, OPENING, minutesLater(1)));

    // When both arrive again
    apply(
        payment("req", PaymentKind.DEPOSIT, PaymentStatus.REQUESTED, OPENING, BEGINNING),
        payment("done", PaymentKind.DEPOSIT, PaymentStatus.COMPLETED, OPENING, minutesLater(1)));

    // Then only the completion emitted an update, once
    assertThat(updates()).hasSize(1);
    assertThat(last().getSeq()).isEqualTo(1);
    assertThat(last().getBalance()).isEqualTo(OPENING);
  }

  @Test
  void shouldDeadLetterAnEventInAnotherCurrencyAndLeaveTheBalanceAlone() throws Exception {
    // Given a player whose first event was in EUR
    apply(deposit("d1", OPENING, BEGINNING));

    // When a USD deposit arrives, then an EUR bet
    apply(
        payment(
            "usd",
            PLAYER,
            PaymentKind.DEPOSIT,
            PaymentStatus.COMPLETED,
            5_000,
            "USD",
            minutesLater(1)),
        bet("b1", 1_000, minutesLater(2)));

    // Then the USD deposit is a dead letter naming both currencies and the bet continues at seq 2
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getReason()).isEqualTo("currency-mismatch");
              assertThat(d.getSourceTopic()).isEqualTo("platform.payments");
              assertThat(d.getDetail()).contains("usd", "USD", "EUR");
              assertThat(d.getJob()).isEqualTo("balance");
            });
    assertThat(updates()).extracting(BalanceUpdated::getSeq).containsExactly(1L, 2L);
    assertThat(last().getBalance()).isEqualTo(9_000);
    assertThat(last().getDeposited()).isEqualTo(OPENING);
  }

  @Test
  void shouldDeadLetterAMismatchOnceHoweverOftenItIsResent() throws Exception {
    // Given a player in EUR
    apply(deposit("d1", OPENING, BEGINNING));
    LedgerEntry usd =
        payment(
            "usd", PLAYER, PaymentKind.DEPOSIT, PaymentStatus.COMPLETED, 5_000, "USD", BEGINNING);

    // When the USD deposit arrives three times (a producer's retries, a replay)
    apply(usd, usd, usd);

    // Then there is one dead letter, and the resends are duplicates like any other
    assertThat(deadLetters())
        .extracting(DeadLetter::getReason)
        .containsExactly("currency-mismatch");
  }

  @Test
  void shouldDeadLetterAPaymentOfAnUnknownKindWithTheRecordAsRead() throws Exception {
    // Given a player, and a payment of a kind a newer producer added, read at partition 1 offset 42
    apply(deposit("d1", OPENING, BEGINNING));
    LedgerEntry cashback =
        payment("cb", PLAYER, PaymentKind.UNKNOWN, PaymentStatus.COMPLETED, 700, "EUR", BEGINNING);
    byte[] wire = {0, 0, 0, 3, (byte) 0xe9, 1, 2, 3};
    cashback.setPartition(1);
    cashback.setOffset(42);
    cashback.setRecordTimestamp(BEGINNING.toEpochMilli());
    cashback.setValue(wire);

    // When it reaches the ledger
    apply(cashback);

    // Then it is a dead letter with the record's coordinates and bytes, and the balance is as
    // before
    DeadLetter d = deadLetters().get(0);
    assertThat(d.getReason()).isEqualTo("unknown-symbol");
    assertThat(d.getDetail()).contains("payment kind UNKNOWN");
    assertThat(d.getPartition()).isEqualTo(1);
    assertThat(d.getOffset()).isEqualTo(42L);
    assertThat(d.getValue()).isEqualTo(java.nio.ByteBuffer.wrap(wire));
    assertThat(d.getSchemaId()).isEqualTo(1001);
    assertThat(updates()).hasSize(1);
    assertThat(last().getBalance()).isEqualTo(OPENING);
  }

  @Test
  void shouldFixTheCurrencyWithTheFirstEventEvenWhenItMovesNothing() throws Exception {
    // Given a first event that moves nothing: a GBP deposit only requested
    apply(
        payment(
            "req", PLAYER, PaymentKind.DEPOSIT, PaymentStatus.REQUESTED, 5_000, "GBP", BEGINNING));

    // When an EUR bet follows
    apply(bet("b1", 1_000, minutesLater(1)));

    // Then the bet is refused as a currency mismatch, and nothing was emitted
    assertThat(updates()).isEmpty();
    assertThat(deadLetters())
        .extracting(DeadLetter::getReason)
        .containsExactly("currency-mismatch");
  }

  @Test
  void shouldDeadLetterAnEventThatWouldOverflowTheBalance() throws Exception {
    // Given a deposit of almost Long.MAX_VALUE cents
    apply(deposit("huge", Long.MAX_VALUE - 10, BEGINNING));

    // When another deposit would overflow the sum, and a small one follows
    apply(deposit("more", 100, minutesLater(1)), deposit("small", 5, minutesLater(2)));

    // Then the overflowing one is a dead letter and the state stayed exact
    assertThat(deadLetters()).extracting(DeadLetter::getReason).containsExactly("amount-overflow");
    assertThat(updates())
        .extracting(BalanceUpdated::getBalance)
        .containsExactly(Long.MAX_VALUE - 10, Long.MAX_VALUE - 5);
  }

  @Test
  void shouldCarryEntriesWithTheirOwnSerializerAndStateAsFlinkPojosNotKryo() {
    assertThat(TypeInformation.of(LedgerEntry.class)).isSameAs(LedgerEntryTypeInfo.INSTANCE);
    assertThat(TypeInformation.of(PlayerBalance.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(Amounts.class)).isInstanceOf(PojoTypeInfo.class);
  }

  @Test
  void shouldKeepPlayersApart() throws Exception {
    // Given two players in different currencies
    apply(
        payment(
            "a1", "alice", PaymentKind.DEPOSIT, PaymentStatus.COMPLETED, 1_000, "EUR", BEGINNING),
        payment(
            "b1", "bob", PaymentKind.DEPOSIT, PaymentStatus.COMPLETED, 2_000, "USD", BEGINNING));

    // Then each has seq 1 and its own currency
    assertThat(updates())
        .extracting(BalanceUpdated::getUserId, BalanceUpdated::getSeq, BalanceUpdated::getCurrency)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice", 1L, "EUR"),
            org.assertj.core.groups.Tuple.tuple("bob", 1L, "USD"));
  }

  @Test
  void shouldForgetEventIdsAfterTheDedupTtlButNeverTheBalance() throws Exception {
    // Given a deposit applied at processing time 0
    harness.setStateTtlProcessingTime(0);
    apply(deposit("d1", OPENING, BEGINNING));

    // When it is redelivered just before the TTL ends, it is a duplicate
    harness.setStateTtlProcessingTime(DEDUP_TTL.toMillis() - 1);
    apply(deposit("d1", OPENING, BEGINNING));
    assertThat(updates()).hasSize(1);

    // When it is redelivered after the TTL, its id has drained: it counts again, on top of the kept
    // balance
    harness.setStateTtlProcessingTime(DEDUP_TTL.toMillis() + 1);
    apply(deposit("d1", OPENING, BEGINNING));
    assertThat(updates()).hasSize(2);
    assertThat(last().getSeq()).isEqualTo(2);
    assertThat(last().getBalance()).isEqualTo(2 * OPENING);
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void shouldKeepBalancesAndDedupAcrossARestore() throws Exception {
    // Given a deposit and a bet, then a checkpoint
    apply(deposit("d1", OPENING, BEGINNING), bet("b1", 1_000, minutesLater(1)));
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    harness.close();

    // When the ledger restores and both events are replayed, then a new one arrives
    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    apply(
        deposit("d1", OPENING, BEGINNING),
        bet("b1", 1_000, minutesLater(1)),
        bet("b2", 500, minutesLater(2)));

    // Then only the new bet is applied, at seq 3
    assertThat(updates())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.getSeq()).isEqualTo(3);
              assertThat(u.getBalance()).isEqualTo(8_500);
              assertThat(u.getStaked()).isEqualTo(1_500);
            });
  }

  @Test
  void shouldSweepExpiredEventIdsOutOfTheHeapAsThePlayerPlaysOn() throws Exception {
    // Given a deposit applied at processing time 0, and a bet whose id sweeps, after the TTL
    harness.setStateTtlProcessingTime(0);
    apply(deposit("d1", OPENING, BEGINNING));
    harness.setStateTtlProcessingTime(DEDUP_TTL.toMillis() + 1);
    String sweeping = firstSweepingId("b");
    apply(bet(sweeping, 1_000, minutesLater(1)));
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    harness.close();

    // When the state is restored by a ledger that remembers ids four times longer (so an id the
    // sweep left in the heap would be alive again) and d1 is redelivered
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new BalanceLedger(DEDUP_TTL.multipliedBy(4), "balance")),
            LedgerEntry::getUserId,
            Types.STRING);
    harness.setStateTtlProcessingTime(DEDUP_TTL.toMillis() + 2);
    harness.initializeState(snapshot);
    harness.open();
    apply(deposit("d1", OPENING, BEGINNING));

    // Then d1 applies again: the sweep removed its expired id, while the bet's id stayed
    assertThat(updates()).extracting(BalanceUpdated::getSeq).containsExactly(3L);
    apply(bet(sweeping, 1_000, minutesLater(1)));
    assertThat(updates()).hasSize(1);
  }

  @Test
  void shouldSweepAboutOneNewEventInSweepEvery() {
    long sweeping =
        java.util.stream.IntStream.range(0, 128_000)
            .filter(i -> BalanceLedger.sweeps("bet-" + i))
            .count();
    assertThat(sweeping).isBetween(800L, 1_200L);
  }

  private static String firstSweepingId(String prefix) {
    for (int i = 0; ; i++) {
      if (BalanceLedger.sweeps(prefix + i)) {
        return prefix + i;
      }
    }
  }
}

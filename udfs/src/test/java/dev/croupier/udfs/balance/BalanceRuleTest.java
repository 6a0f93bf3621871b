package dev.croupier.udfs.balance;

import static dev.croupier.udfs.balance.LedgerEvents.BEGINNING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class BalanceRuleTest {
  private static final long AMOUNT = 2_500;

  /**
   * The documented rule (docs/balance.md), written out independently of BalanceRule: kind, status,
   * balance, deposited, withdrawn, bonus.
   */
  static Stream<Arguments> paymentRule() {
    return Stream.of(
        Arguments.of(PaymentKind.DEPOSIT, PaymentStatus.REQUESTED, 0, 0, 0, 0),
        Arguments.of(PaymentKind.DEPOSIT, PaymentStatus.COMPLETED, AMOUNT, AMOUNT, 0, 0),
        Arguments.of(PaymentKind.DEPOSIT, PaymentStatus.FAILED, 0, 0, 0, 0),
        Arguments.of(PaymentKind.DEPOSIT, PaymentStatus.REVERSED, -AMOUNT, -AMOUNT, 0, 0),
        Arguments.of(PaymentKind.WITHDRAWAL, PaymentStatus.REQUESTED, -AMOUNT, 0, AMOUNT, 0),
        Arguments.of(PaymentKind.WITHDRAWAL, PaymentStatus.COMPLETED, 0, 0, 0, 0),
        Arguments.of(PaymentKind.WITHDRAWAL, PaymentStatus.FAILED, AMOUNT, 0, -AMOUNT, 0),
        Arguments.of(PaymentKind.WITHDRAWAL, PaymentStatus.REVERSED, AMOUNT, 0, -AMOUNT, 0),
        Arguments.of(PaymentKind.BONUS, PaymentStatus.REQUESTED, 0, 0, 0, 0),
        Arguments.of(PaymentKind.BONUS, PaymentStatus.COMPLETED, AMOUNT, 0, 0, AMOUNT),
        Arguments.of(PaymentKind.BONUS, PaymentStatus.FAILED, 0, 0, 0, 0),
        Arguments.of(PaymentKind.BONUS, PaymentStatus.REVERSED, -AMOUNT, 0, 0, -AMOUNT));
  }

  @Test
  void shouldCoverEveryKindAndStatusInTheTestTable() {
    Set<String> covered = new java.util.HashSet<>();
    paymentRule().forEach(a -> covered.add(a.get()[0] + "/" + a.get()[1]));
    assertThat(covered).hasSize(PaymentKind.values().length * PaymentStatus.values().length);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("paymentRule")
  void shouldMapEveryPaymentStepAsDesignSays(
      PaymentKind kind,
      PaymentStatus status,
      long balance,
      long deposited,
      long withdrawn,
      long bonus) {
    // Given a payment step of 25.00 EUR, When it is normalised
    LedgerEntry e = LedgerEvents.payment("p1", kind, status, AMOUNT, BEGINNING);

    // Then it carries exactly the rule's signed deltas
    assertThat(
            new long[] {
              e.getDelta().getBalance(),
              e.getDelta().getDeposited(),
              e.getDelta().getWithdrawn(),
              e.getDelta().getStaked(),
              e.getDelta().getPaidOut(),
              e.getDelta().getBonus()
            })
        .containsExactly(balance, deposited, withdrawn, 0, 0, bonus);
    assertThat(e.hasNoEffect()).isEqualTo(balance == 0);
    assertThat(e.getOccurredAt()).isEqualTo(BEGINNING.toEpochMilli());
    assertThat(e.getSourceTopic()).isEqualTo("platform.payments");
  }

  @Test
  void shouldDebitTheStakeOfAPlacedBet() {
    LedgerEntry e = LedgerEvents.bet("b1", 700, BEGINNING);

    assertThat(e.getDelta().getBalance()).isEqualTo(-700);
    assertThat(e.getDelta().getStaked()).isEqualTo(700);
    assertThat(e.getDelta().getPaidOut()).isZero();
  }

  @ParameterizedTest
  @EnumSource(BetOutcome.class)
  void shouldCreditThePayoutOrTheStakeBackForVoidAndPush(BetOutcome outcome) {
    // Given a settled bet of stake 700 whose payout field says 1,900 for a win and 0 otherwise
    long payout = outcome == BetOutcome.WIN ? 1_900 : 0;
    LedgerEntry e = LedgerEvents.settled("s1", outcome, 700, payout, BEGINNING);

    // Then a WIN credits its payout, a LOSS nothing, and VOID and PUSH the stake as the payout
    long expected =
        switch (outcome) {
          case WIN -> 1_900;
          case LOSS -> 0;
          case PUSH, VOID -> 700;
        };
    assertThat(e.getDelta().getBalance()).isEqualTo(expected);
    assertThat(e.getDelta().getPaidOut()).isEqualTo(expected);
    assertThat(e.getDelta().getStaked()).isZero();
    assertThat(EnumSet.of(BetOutcome.LOSS).contains(outcome)).isEqualTo(e.hasNoEffect());
  }
}

package dev.croupier.schemas.rules;

import static dev.croupier.schemas.SampleRecords.bet;
import static dev.croupier.schemas.SampleRecords.login;
import static dev.croupier.schemas.SampleRecords.payment;
import static dev.croupier.schemas.SampleRecords.settled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.wire.DeadLetterReason;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldRulesTest {

  @Test
  void shouldAcceptValidRecordsOfEveryInputType() {
    assertThat(FieldRules.betPlaced(bet(0))).isEmpty();
    assertThat(FieldRules.betSettled(settled())).isEmpty();
    assertThat(FieldRules.payment(payment())).isEmpty();
    assertThat(FieldRules.account(login())).isEmpty();
  }

  @Test
  void shouldNameTheFieldAndValueOfANegativeStake() {
    assertThat(detail(FieldRules.betPlaced(bet(-5)))).contains("stake must be >= 0, was -5");
  }

  @Test
  void shouldRejectNegativePayoutAndAmount() {
    BetSettled settled = settled();
    settled.setPayout(-1);
    PaymentEvent payment = payment();
    payment.setAmount(-100);

    assertThat(detail(FieldRules.betSettled(settled))).contains("payout must be >= 0, was -1");
    assertThat(detail(FieldRules.payment(payment))).contains("amount must be >= 0, was -100");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void shouldRejectBlankIds(String blank) {
    BetPlaced noUser = bet(1);
    noUser.setUserId(blank);
    AccountEvent noEvent = login();
    noEvent.setEventId(blank);

    assertThat(detail(FieldRules.betPlaced(noUser)))
        .contains("userId must not be blank, was \"" + blank + "\"");
    assertThat(detail(FieldRules.account(noEvent)))
        .contains("eventId must not be blank, was \"" + blank + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"eur", "EU", "EURO", "E1R", "€UR"})
  void shouldRejectCurrenciesThatAreNotThreeUpperCaseLetters(String currency) {
    PaymentEvent payment = payment();
    payment.setCurrency(currency);

    assertThat(detail(FieldRules.payment(payment)))
        .contains("currency must be 3 upper-case letters, was \"" + currency + "\"");
  }

  @Test
  void shouldRequireOccurredAt() {
    BetSettled settled = settled();
    settled.put("occurredAt", null); // the generated setter refuses null; a decoder would not

    assertThat(detail(FieldRules.betSettled(settled))).contains("occurredAt must be present");
  }

  @Test
  void shouldReportOnlyTheFirstViolation() {
    BetPlaced bet = bet(-5);
    bet.setEventId("");
    bet.setCurrency("x");

    assertThat(detail(FieldRules.betPlaced(bet))).contains("eventId must not be blank, was \"\"");
  }

  @Test
  void shouldAcceptMissingCoordinatesButRejectOutOfRangeOnes() {
    AccountEvent unknownPlace = login();
    unknownPlace.setLatitude(null);
    unknownPlace.setLongitude(null);
    AccountEvent offTheGlobe = login();
    offTheGlobe.setLatitude(91.5);
    AccountEvent notANumber = login();
    notANumber.setLongitude(Double.NaN);

    assertThat(FieldRules.account(unknownPlace)).isEmpty();
    assertThat(detail(FieldRules.account(offTheGlobe)))
        .contains("latitude must be within [-90, 90], was 91.5");
    assertThat(detail(FieldRules.account(notANumber)))
        .contains("longitude must be within [-180, 180], was NaN");
  }

  @Test
  void shouldCallTextBeyondTheBoundOversizedWithoutQuotingIt() {
    String huge = "x".repeat(1_000_000);
    BetPlaced bet = bet(1);
    bet.setEventId(huge);
    AccountEvent login = login();
    login.setDeviceId("d".repeat(FieldRules.MAX_TEXT_LENGTH + 1));
    PaymentEvent payment = payment();
    payment.setInstrumentId("i".repeat(FieldRules.MAX_TEXT_LENGTH));

    Optional<FieldViolation> v = FieldRules.betPlaced(bet);
    assertThat(v).map(FieldViolation::reason).contains(DeadLetterReason.OVERSIZED_FIELD);
    assertThat(detail(v)).contains("eventId is 1000000 characters long, more than the 256 allowed");
    assertThat(FieldRules.account(login))
        .map(FieldViolation::reason)
        .contains(DeadLetterReason.OVERSIZED_FIELD);
    assertThat(FieldRules.payment(payment)).isEmpty(); // exactly at the bound is fine
  }

  @Test
  void shouldCallAmountsBeyondTheBoundAnOverflow() {
    BetPlaced bet = bet(FieldRules.MAX_AMOUNT + 1);
    BetSettled settled = settled();
    settled.setPayout(Long.MAX_VALUE);

    assertThat(FieldRules.betPlaced(bet))
        .map(FieldViolation::reason)
        .contains(DeadLetterReason.AMOUNT_OVERFLOW);
    assertThat(detail(FieldRules.betSettled(settled)))
        .contains(
            "payout must be <= " + FieldRules.MAX_AMOUNT + " minor units, was " + Long.MAX_VALUE);
    assertThat(FieldRules.betPlaced(bet(FieldRules.MAX_AMOUNT))).isEmpty();
  }

  @Test
  void shouldRejectEventTimesBeforeTheYear2000() {
    BetSettled settled = settled();
    settled.setOccurredAt(Instant.ofEpochMilli(Long.MIN_VALUE));
    PaymentEvent payment = payment();
    payment.setOccurredAt(Instant.ofEpochMilli(946_684_799_999L));

    assertThat(FieldRules.betSettled(settled))
        .map(FieldViolation::reason)
        .contains(DeadLetterReason.FIELD_RULE);
    assertThat(detail(FieldRules.payment(payment)))
        .contains(
            "occurredAt must not be before 2000-01-01T00:00:00Z, was 1999-12-31T23:59:59.999Z");
  }

  private static Optional<String> detail(Optional<FieldViolation> violation) {
    return violation.map(FieldViolation::detail);
  }
}

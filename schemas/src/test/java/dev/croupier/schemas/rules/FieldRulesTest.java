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
    assertThat(FieldRules.betPlaced(bet(-5))).contains("stake must be >= 0, was -5");
  }

  @Test
  void shouldRejectNegativePayoutAndAmount() {
    BetSettled settled = settled();
    settled.setPayout(-1);
    PaymentEvent payment = payment();
    payment.setAmount(-100);

    assertThat(FieldRules.betSettled(settled)).contains("payout must be >= 0, was -1");
    assertThat(FieldRules.payment(payment)).contains("amount must be >= 0, was -100");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void shouldRejectBlankIds(String blank) {
    BetPlaced noUser = bet(1);
    noUser.setUserId(blank);
    AccountEvent noEvent = login();
    noEvent.setEventId(blank);

    assertThat(FieldRules.betPlaced(noUser))
        .contains("userId must not be blank, was \"" + blank + "\"");
    assertThat(FieldRules.account(noEvent))
        .contains("eventId must not be blank, was \"" + blank + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"eur", "EU", "EURO", "E1R", "€UR"})
  void shouldRejectCurrenciesThatAreNotThreeUpperCaseLetters(String currency) {
    PaymentEvent payment = payment();
    payment.setCurrency(currency);

    assertThat(FieldRules.payment(payment))
        .contains("currency must be 3 upper-case letters, was \"" + currency + "\"");
  }

  @Test
  void shouldRequireOccurredAt() {
    BetSettled settled = settled();
    settled.put("occurredAt", null); // the generated setter refuses null; a decoder would not

    assertThat(FieldRules.betSettled(settled)).contains("occurredAt must be present");
  }

  @Test
  void shouldReportOnlyTheFirstViolation() {
    BetPlaced bet = bet(-5);
    bet.setEventId("");
    bet.setCurrency("x");

    assertThat(FieldRules.betPlaced(bet)).contains("eventId must not be blank, was \"\"");
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
    assertThat(FieldRules.account(offTheGlobe))
        .contains("latitude must be within [-90, 90], was 91.5");
    assertThat(FieldRules.account(notANumber))
        .contains("longitude must be within [-180, 180], was NaN");
  }
}

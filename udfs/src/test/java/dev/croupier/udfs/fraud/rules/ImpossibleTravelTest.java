package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.account;
import static dev.croupier.udfs.fraud.Events.login;
import static dev.croupier.udfs.fraud.Events.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.HarnessChain;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.TestRules;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImpossibleTravelTest {
  private static final double[] BERLIN = {52.5200, 13.4050};
  private static final double[] NEW_YORK = {40.7128, -74.0060};
  private static final double[] PARIS = {48.8566, 2.3522};
  private HarnessChain chain;

  @BeforeEach
  void setUp() throws Exception {
    chain = HarnessChain.rule(TestRules.function(ImpossibleTravel.RULE));
  }

  @AfterEach
  void tearDown() throws Exception {
    chain.close();
  }

  /** Oracle: spherical law of cosines, independent of the haversine under test. */
  private static double oracleKm(double[] a, double[] b) {
    double p1 = Math.toRadians(a[0]);
    double p2 = Math.toRadians(b[0]);
    double dl = Math.toRadians(b[1] - a[1]);
    return Math.acos(Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl))
        * 6371.0088;
  }

  private void run(PlayerEvent... logins) throws Exception {
    for (PlayerEvent e : logins) {
      if (ImpossibleTravel.accepts(e)) {
        chain.send(e);
      }
    }
    chain.watermark(min(48 * 60));
  }

  @Test
  void shouldAgreeWithAnIndependentDistanceFormula() {
    assertThat(ImpossibleTravel.distanceKm(BERLIN[0], BERLIN[1], NEW_YORK[0], NEW_YORK[1]))
        .isCloseTo(oracleKm(BERLIN, NEW_YORK), Offset.offset(0.01));
    assertThat(ImpossibleTravel.distanceKm(BERLIN[0], BERLIN[1], PARIS[0], PARIS[1]))
        .isCloseTo(oracleKm(BERLIN, PARIS), Offset.offset(0.01));
  }

  /** A successful login from {@code device}: the rule compares logins from two devices. */
  private static PlayerEvent loginFrom(
      String user, long at, double lat, double lon, String country, String device) {
    return account(
        user, at, AccountEventKind.LOGIN_SUCCEEDED, device, "10.0.0.1", lat, lon, country);
  }

  @Test
  void shouldAlertOnBerlinThenNewYorkTwoHoursLater() throws Exception {
    PlayerEvent berlin = loginFrom("traveller", min(0), BERLIN[0], BERLIN[1], "DE", "phone");
    PlayerEvent ny = loginFrom("traveller", min(120), NEW_YORK[0], NEW_YORK[1], "US", "laptop");
    run(berlin, ny);

    List<FraudAlert> alerts = chain.output();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).getEvidenceEventIds()).containsExactly(berlin.eventId, ny.eventId);
    double speed = oracleKm(BERLIN, NEW_YORK) / 2;
    assertThat(Double.parseDouble(alerts.get(0).getAttributes().get("speedKmh")))
        .isCloseTo(speed, Offset.offset(1.0));
  }

  @Test
  void shouldNotAlertJustBelowNineHundredKmPerHour() throws Exception {
    // Berlin to Paris is about 878 km: in one hour that is below 900 km/h
    assertThat(oracleKm(BERLIN, PARIS)).isBetween(870.0, 890.0);
    run(
        loginFrom("flyer", min(0), BERLIN[0], BERLIN[1], "DE", "phone"),
        loginFrom("flyer", min(60), PARIS[0], PARIS[1], "FR", "laptop"));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldNotAlertWhenOneDeviceJumpsAcrossTheWorld() throws Exception {
    // A VPN or proxy hop: the player's own device, geolocated in New York ten minutes later
    run(
        loginFrom("vpn", min(0), BERLIN[0], BERLIN[1], "DE", "phone"),
        loginFrom("vpn", min(10), NEW_YORK[0], NEW_YORK[1], "US", "phone"));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldNotAlertOnLoginsCloserThanGeolocationErrs() throws Exception {
    // 0.5 degrees of latitude (~56 km) within one minute: fast, but within IP geolocation error
    run(
        loginFrom("near", min(0), BERLIN[0], BERLIN[1], "DE", "phone"),
        loginFrom("near", min(1), BERLIN[0] + 0.5, BERLIN[1], "DE", "laptop"));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldAlertOnTheSameDeviceWhenAVersionSaysSo() throws Exception {
    // Given a version 2 that counts a device jumping too
    chain.rules(TestRules.record("impossible-travel", "version: 2\nignore-same-device: false"));
    PlayerEvent berlin = loginFrom("vpn2", min(0), BERLIN[0], BERLIN[1], "DE", "phone");
    PlayerEvent ny = loginFrom("vpn2", min(10), NEW_YORK[0], NEW_YORK[1], "US", "phone");

    // When the device jumps
    run(berlin, ny);

    // Then version 2 alerts
    assertThat(chain.<FraudAlert>output())
        .extracting(FraudAlert::getRuleVersion)
        .containsExactly(2L);
  }

  @Test
  void shouldNotAlertWhenTheSecondLoginComesLateEnough() throws Exception {
    // About 6,385 km in 8 hours: ~800 km/h
    run(
        loginFrom("jet", min(0), BERLIN[0], BERLIN[1], "DE", "phone"),
        loginFrom("jet", min(480), NEW_YORK[0], NEW_YORK[1], "US", "laptop"));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldIgnoreFailedLoginsAndLoginsWithoutCoordinates() throws Exception {
    run(
        loginFrom("x", min(0), BERLIN[0], BERLIN[1], "DE", "phone"),
        account(
            "x", min(30), AccountEventKind.LOGIN_FAILED, "d", "ip", NEW_YORK[0], NEW_YORK[1], "US"),
        account("x", min(40), AccountEventKind.LOGIN_SUCCEEDED, "d", "ip", null, null, "US"));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldOrderLoginsThatArriveOutOfOrder() throws Exception {
    PlayerEvent berlin = loginFrom("late", min(0), BERLIN[0], BERLIN[1], "DE", "phone");
    PlayerEvent ny = loginFrom("late", min(120), NEW_YORK[0], NEW_YORK[1], "US", "laptop");
    run(ny, berlin);
    assertThat(chain.<FraudAlert>output())
        .extracting(FraudAlert::getEvidenceEventIds)
        .containsExactly(List.of(berlin.eventId, ny.eventId));
  }

  @Test
  void shouldDropTheLastLoginOnceNoSpeedCouldExceedTheLimit() throws Exception {
    chain.send(login("idle", min(0), BERLIN[0], BERLIN[1], "DE")).watermark(min(60));
    assertThat(chain.keyedStateEntries()).isGreaterThan(0);
    chain.watermark(min(23 * 60)); // half the Earth's circumference at 900 km/h takes ~22.3 h
    assertThat(chain.keyedStateEntries()).isZero();
    assertThat(chain.eventTimeTimers()).isZero();
  }
}

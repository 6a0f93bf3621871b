package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.account;
import static dev.croupier.udfs.fraud.Events.min;
import static dev.croupier.udfs.fraud.Events.payment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.udfs.fraud.EventTimeSorter;
import dev.croupier.udfs.fraud.HarnessChain;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.live.RuleVersions;
import dev.croupier.udfs.fraud.rules.MultiAccounting.Link;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MultiAccountingTest {
  private static final RuleVersions<MultiAccounting.Settings> RULE =
      FraudRules.defaults().versions(MultiAccounting.RULE);
  private static final double HOUR = 60;
  private HarnessChain chain;

  private List<FraudAlert> run(Link link, List<PlayerEvent> events) throws Exception {
    chain =
        new HarnessChain()
            .then(EventTimeSorter.forEvents(), (PlayerEvent e) -> link.of(e))
            .thenRule(new MultiAccounting(RULE, link), (PlayerEvent e) -> link.of(e));
    chain
        .send(events.stream().filter(link::accepts).toArray(PlayerEvent[]::new))
        .watermark(min(72 * HOUR));
    return chain.output();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (chain != null) {
      chain.close();
    }
  }

  private static PlayerEvent onDevice(String user, double hour, String device) {
    return account(user, min(hour * HOUR), AccountEventKind.LOGIN_SUCCEEDED, device, "3.3.3.3");
  }

  @Test
  void shouldLinkNobodyThroughAPlaceholderDevice() throws Exception {
    // Given six players each sending a placeholder device id (as a client without one does)
    List<PlayerEvent> s = new ArrayList<>();
    String[] placeholders = {
      "unknown", "UNKNOWN", "00000000-0000-0000-0000-000000000000", " ", "n/a", "unknown"
    };
    for (int p = 0; p < placeholders.length; p++) {
      s.add(onDevice("acct-" + p, p, placeholders[p]));
    }

    // When processed, Then no alert: a placeholder is no shared device
    assertThat(run(Link.DEVICE, s)).isEmpty();
  }

  @Test
  void shouldTakeThePlaceholdersFromTheRulesFile() {
    MultiAccounting.Settings custom =
        MultiAccounting.Settings.from(
            new dev.croupier.schemas.fraud.Thresholds(
                "test",
                MultiAccounting.RULE.id(),
                java.util.Map.of("placeholders", " Missing , NONE ")));

    assertThat(custom.isPlaceholder("missing")).isTrue();
    assertThat(custom.isPlaceholder("none")).isTrue();
    assertThat(custom.isPlaceholder("")).isTrue();
    assertThat(custom.isPlaceholder("unknown")).isFalse();
    MultiAccounting.Settings defaults =
        MultiAccounting.Settings.from(
            new dev.croupier.schemas.fraud.Thresholds(
                "test", MultiAccounting.RULE.id(), java.util.Map.of()));
    assertThat(defaults.isPlaceholder("Unknown")).isTrue();
    assertThat(defaults.isPlaceholder("phone-1")).isFalse();
  }

  @Test
  void shouldAlertWhenAFourthPlayerUsesTheDevice() throws Exception {
    // Given four players on one device within 20 hours, then more activity by the same players
    List<PlayerEvent> s = new ArrayList<>();
    for (int p = 1; p <= 4; p++) {
      s.add(onDevice("acct-" + p, 5 * (p - 1), "shared-phone"));
    }
    s.add(onDevice("acct-1", 16, "shared-phone"));
    s.add(
        payment(
            "acct-4",
            min(17 * HOUR),
            PaymentKind.DEPOSIT,
            PaymentStatus.COMPLETED,
            100,
            "c",
            "shared-phone"));

    // When processed
    List<FraudAlert> alerts = run(Link.DEVICE, s);

    // Then one alert about the fourth player, the other three related
    assertThat(alerts).hasSize(1);
    FraudAlert a = alerts.get(0);
    assertThat(a.getUserId()).isEqualTo("acct-4");
    assertThat(a.getRelatedUserIds()).containsExactly("acct-1", "acct-2", "acct-3");
    assertThat(a.getEvidenceEventIds())
        .containsExactlyElementsOf(s.subList(0, 4).stream().map(e -> e.eventId).toList());
    assertThat(a.getAttributes()).containsEntry("deviceId", "shared-phone");
  }

  @Test
  void shouldAlertOnFourPlayersSharingACard() throws Exception {
    List<PlayerEvent> s = new ArrayList<>();
    for (int p = 1; p <= 4; p++) {
      s.add(
          payment(
              "card-user-" + p,
              min(p * HOUR),
              PaymentKind.DEPOSIT,
              PaymentStatus.COMPLETED,
              1_000,
              "card-42",
              "phone-" + p));
    }
    List<FraudAlert> alerts = run(Link.INSTRUMENT, s);
    assertThat(alerts).extracting(FraudAlert::getUserId).containsExactly("card-user-4");
    assertThat(alerts.get(0).getAttributes()).containsEntry("instrumentId", "card-42");
  }

  @Test
  void shouldNotAlertOnThreePlayers() throws Exception {
    List<PlayerEvent> s = new ArrayList<>();
    for (int p = 1; p <= 3; p++) {
      s.add(onDevice("fam-" + p, p, "family-tablet"));
      s.add(onDevice("fam-" + p, p + 3, "family-tablet"));
    }
    assertThat(run(Link.DEVICE, s)).isEmpty();
  }

  @Test
  void shouldNotAlertWhenTheFourPlayersSpreadOverMoreThanADay() throws Exception {
    List<PlayerEvent> s =
        List.of(
            onDevice("a", 0, "kiosk"),
            onDevice("b", 8, "kiosk"),
            onDevice("c", 16, "kiosk"),
            onDevice("d", 24.02, "kiosk"));
    assertThat(run(Link.DEVICE, s)).isEmpty();
  }

  @Test
  void shouldNotCountAFailedLoginAsUsingTheDevice() throws Exception {
    List<PlayerEvent> s = new ArrayList<>();
    for (int p = 1; p <= 3; p++) {
      s.add(onDevice("own-" + p, p, "phone"));
    }
    s.add(account("stranger", min(5 * HOUR), AccountEventKind.LOGIN_FAILED, "phone", "3.3.3.3"));
    assertThat(run(Link.DEVICE, s)).isEmpty();
  }

  @Test
  void shouldJudgeShuffledEventsByEventTime() throws Exception {
    List<PlayerEvent> s = new ArrayList<>();
    for (int p = 1; p <= 4; p++) {
      s.add(onDevice("s-" + p, p, "burner"));
    }
    Collections.shuffle(s, new Random(2));
    assertThat(run(Link.DEVICE, s)).extracting(FraudAlert::getUserId).containsExactly("s-4");
  }
}

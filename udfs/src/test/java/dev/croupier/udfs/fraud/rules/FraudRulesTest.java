package dev.croupier.udfs.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.avro.Severity;
import dev.croupier.udfs.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FraudRulesTest {

  private static FraudRules parse(String yaml) {
    return FraudRules.parse(yaml, "'test.yaml'", Map.of());
  }

  @Test
  void shouldShipARulesFileEqualToTheDefaultsInCode() throws Exception {
    // Given the rules file in flink-conf/ that the job jar bundles
    Path shipped =
        Path.of(System.getProperty("croupier.project.root"), "flink-conf", "fraud-rules.yaml");

    // When parsed
    FraudRules rules = FraudRules.parse(Files.readString(shipped), "shipped", Map.of());

    // Then it spells out exactly the defaults in code, the documented thresholds
    assertThat(rules).isEqualTo(FraudRules.defaults());
    assertThat(rules.settings(RapidCashout.RULE).minDeposit()).isEqualTo(10_000);
    assertThat(rules.settings(RapidCashout.RULE).window()).isEqualTo(Duration.ofMinutes(30));
    assertThat(rules.settings(BetVelocity.RULE).minBets()).isEqualTo(30);
    assertThat(rules.settings(AccountTakeover.RULE).window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(rules.settings(MultiAccounting.RULE).minPlayers()).isEqualTo(4);
    assertThat(rules.settings(CardTesting.RULE).minInstruments()).isEqualTo(3);
    assertThat(rules.settings(BonusAbuse.RULE).wageringMultiple()).isEqualTo(5);
    assertThat(rules.settings(StakeAnomaly.RULE).deviations()).isEqualTo(4.0);
    assertThat(rules.settings(StakeAnomaly.RULE).minMaxMultiple()).isEqualTo(3.0);
    assertThat(rules.settings(ImpossibleTravel.RULE).maxSpeedKmh()).isEqualTo(900.0);
    assertThat(rules.settings(PayoutAnomaly.RULE).minSettledBets()).isEqualTo(50);
    assertThat(rules.settings(ChipDumping.RULE).minTotalLosses()).isEqualTo(50_000);
    assertThat(rules.all()).hasSize(10).allMatch(r -> r.enabled());
  }

  @Test
  void shouldTakeThresholdsAndSwitchesFromTheFile() {
    FraudRules rules =
        parse(
            """
        rules:
          bet-velocity: {min-bets: 40, window: 5s, severity: high, cool-down: 10m}
          chip-dumping: {enabled: false}
        """);
    assertThat(rules.settings(BetVelocity.RULE).minBets()).isEqualTo(40);
    assertThat(rules.settings(BetVelocity.RULE).window()).isEqualTo(Duration.ofSeconds(5));
    assertThat(rules.settings(BetVelocity.RULE).rule().severity()).isEqualTo(Severity.HIGH);
    assertThat(rules.settings(BetVelocity.RULE).rule().coolDown())
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(rules.enabled(ChipDumping.RULE.id())).isFalse();
    assertThat(rules.settings(PayoutAnomaly.RULE))
        .isEqualTo(FraudRules.defaults().settings(PayoutAnomaly.RULE));
  }

  @Test
  void shouldReadVersionsModesAndAShadowThatDiffersFromThePrimary() {
    FraudRules rules =
        parse(
            """
        rules:
          bet-velocity:
            version: 3
            min-bets: 40
            shadow: {min-bets: 25, severity: low}
          card-testing: {mode: shadow}
          chip-dumping: {mode: off}
        """);
    var velocity = rules.versions(BetVelocity.RULE).fileVersions();
    assertThat(velocity.primary().rule().version()).isEqualTo(3);
    assertThat(velocity.primary().minBets()).isEqualTo(40);
    assertThat(velocity.shadow().rule().version()).isEqualTo(4);
    assertThat(velocity.shadow().rule().shadow()).isTrue();
    assertThat(velocity.shadow().minBets()).isEqualTo(25);
    assertThat(velocity.shadow().window()).isEqualTo(velocity.primary().window());
    assertThat(velocity.shadow().rule().severity()).isEqualTo(Severity.LOW);
    assertThat(velocity.versions()).hasSize(2);
    assertThat(rules.settings(CardTesting.RULE).rule().shadow()).isTrue();
    assertThat(rules.enabled(ChipDumping.RULE.id())).isFalse();
    assertThatThrownBy(() -> parse("rules: {bet-velocity: {mode: off, enabled: true}}"))
        .hasMessageContaining("expected either mode or its older spelling enabled, not both");
    assertThatThrownBy(() -> parse("rules: {bet-velocity: {shadow: {mode: active}}}"))
        .hasMessageContaining("key 'shadow.mode'");
  }

  @Test
  void shouldApplyOverridesOnTopOfTheFile() {
    FraudRules rules =
        FraudRules.parse(
            "rules: {bet-velocity: {min-bets: 40}}",
            "'f'",
            Map.of("bet-velocity", Map.of("min-bets", "50")));
    assertThat(rules.settings(BetVelocity.RULE).minBets()).isEqualTo(50);
  }

  @Test
  void shouldNameTheRuleAndKeyOfABadValue() {
    assertThatThrownBy(() -> parse("rules: {rapid-cashout: {window: soon}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'test.yaml'")
        .hasMessageContaining("rule 'rapid-cashout'")
        .hasMessageContaining("key 'window'")
        .hasMessageContaining("expected a duration");
    assertThatThrownBy(() -> parse("rules: {bet-velocity: {min-bets: -3}}"))
        .hasMessageContaining(
            "rule 'bet-velocity', key 'min-bets': expected an integer between 2 and");
    assertThatThrownBy(() -> parse("rules: {stake-anomaly: {deviations: many}}"))
        .hasMessageContaining("rule 'stake-anomaly', key 'deviations': expected a number");
    assertThatThrownBy(() -> parse("rules: {card-testing: {mode: sometimes}}"))
        .hasMessageContaining(
            "rule 'card-testing', key 'mode': expected one of [active, shadow, off]");
    assertThatThrownBy(() -> parse("rules: {card-testing: {shadow: {min-instruments: none}}}"))
        .hasMessageContaining("'test.yaml' (shadow): rule 'card-testing', key 'min-instruments'");
    assertThatThrownBy(() -> parse("rules: {card-testing: {severity: urgent}}"))
        .hasMessageContaining(
            "rule 'card-testing', key 'severity': expected one of [low, medium, high, critical]");
    assertThatThrownBy(() -> parse("rules: {payout-anomaly: {enabled: maybe}}"))
        .hasMessageContaining("rule 'payout-anomaly', key 'enabled': expected true or false");
  }

  @Test
  void shouldRejectUnknownRulesAndKeys() {
    assertThatThrownBy(() -> parse("rules: {rapid-cashot: {}}"))
        .hasMessageContaining("rule 'rapid-cashot' is unknown")
        .hasMessageContaining("rapid-cashout");
    assertThatThrownBy(() -> parse("rules: {bet-velocity: {min-bet: 40}}"))
        .hasMessageContaining("rule 'bet-velocity', key 'min-bet': is not a key of this rule")
        .hasMessageContaining("min-bets");
    assertThatThrownBy(() -> parse("rules: {bet-velocity: {window: {seconds: 10}}}"))
        .hasMessageContaining("rule 'bet-velocity', key 'window': expected a single value");
    assertThatThrownBy(() -> parse("thresholds: {}"))
        .hasMessageContaining("expected a single top-level key 'rules'");
    assertThatThrownBy(() -> parse("rules: [")).hasMessageContaining("not valid YAML");
  }
}

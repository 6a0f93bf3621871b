package dev.croupier.udfs.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.avro.Severity;
import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.fraud.RuleId;
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
  void shouldShipARulesFileEqualToDesignDefaults() throws Exception {
    // Given the rules file in flink-conf/ that the job jar bundles
    Path shipped = Path.of(System.getProperty("croupier.project.root"), "flink-conf", "fraud-rules.yaml");

    // When parsed
    FraudRules rules = FraudRules.parse(Files.readString(shipped), "shipped", Map.of());

    // Then it spells out exactly the defaults in code, which are DESIGN.md's thresholds
    assertThat(rules).isEqualTo(FraudRules.defaults());
    assertThat(rules.rapidCashout().minDeposit()).isEqualTo(10_000);
    assertThat(rules.rapidCashout().window()).isEqualTo(Duration.ofMinutes(30));
    assertThat(rules.betVelocity().minBets()).isEqualTo(30);
    assertThat(rules.accountTakeover().window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(rules.multiAccounting().minPlayers()).isEqualTo(4);
    assertThat(rules.cardTesting().minInstruments()).isEqualTo(3);
    assertThat(rules.bonusAbuse().wageringMultiple()).isEqualTo(5);
    assertThat(rules.stakeAnomaly().sigmas()).isEqualTo(6.0);
    assertThat(rules.impossibleTravel().maxSpeedKmh()).isEqualTo(900.0);
    assertThat(rules.payoutAnomaly().minSettledBets()).isEqualTo(50);
    assertThat(rules.chipDumping().minTotalLosses()).isEqualTo(50_000);
    assertThat(rules.all()).hasSize(10).allMatch(r -> r.enabled());
  }

  @Test
  void shouldTakeThresholdsAndSwitchesFromTheFile() {
    FraudRules rules = parse("""
        rules:
          bet-velocity: {min-bets: 40, window: 5s, severity: high, cool-down: 10m}
          chip-dumping: {enabled: false}
        """);
    assertThat(rules.betVelocity().minBets()).isEqualTo(40);
    assertThat(rules.betVelocity().window()).isEqualTo(Duration.ofSeconds(5));
    assertThat(rules.betVelocity().rule().severity()).isEqualTo(Severity.HIGH);
    assertThat(rules.betVelocity().rule().coolDown()).isEqualTo(Duration.ofMinutes(10));
    assertThat(rules.enabled(RuleId.CHIP_DUMPING)).isFalse();
    assertThat(rules.payoutAnomaly()).isEqualTo(FraudRules.defaults().payoutAnomaly());
  }

  @Test
  void shouldApplyOverridesOnTopOfTheFile() {
    FraudRules rules = FraudRules.parse("rules: {bet-velocity: {min-bets: 40}}", "'f'",
        Map.of("bet-velocity", Map.of("min-bets", "50")));
    assertThat(rules.betVelocity().minBets()).isEqualTo(50);
  }

  @Test
  void shouldNameTheRuleAndKeyOfABadValue() {
    assertThatThrownBy(() -> parse("rules: {rapid-cashout: {window: soon}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'test.yaml'").hasMessageContaining("rule 'rapid-cashout'")
        .hasMessageContaining("key 'window'").hasMessageContaining("expected a duration");
    assertThatThrownBy(() -> parse("rules: {bet-velocity: {min-bets: -3}}"))
        .hasMessageContaining("rule 'bet-velocity', key 'min-bets': expected an integer between 2 and");
    assertThatThrownBy(() -> parse("rules: {stake-anomaly: {sigmas: many}}"))
        .hasMessageContaining("rule 'stake-anomaly', key 'sigmas': expected a number");
    assertThatThrownBy(() -> parse("rules: {card-testing: {severity: urgent}}"))
        .hasMessageContaining("rule 'card-testing', key 'severity': expected one of [low, medium, high, critical]");
    assertThatThrownBy(() -> parse("rules: {payout-anomaly: {enabled: maybe}}"))
        .hasMessageContaining("rule 'payout-anomaly', key 'enabled': expected true or false");
  }

  @Test
  void shouldRejectUnknownRulesAndKeys() {
    assertThatThrownBy(() -> parse("rules: {rapid-cashot: {}}"))
        .hasMessageContaining("rule 'rapid-cashot' is unknown").hasMessageContaining("rapid-cashout");
    assertThatThrownBy(() -> parse("rules: {bet-velocity: {min-bet: 40}}"))
        .hasMessageContaining("rule 'bet-velocity', key 'min-bet': is not a key of this rule")
        .hasMessageContaining("min-bets");
    assertThatThrownBy(() -> parse("rules: {bet-velocity: {window: {seconds: 10}}}"))
        .hasMessageContaining("rule 'bet-velocity', key 'window': expected a single value");
    assertThatThrownBy(() -> parse("thresholds: {}")).hasMessageContaining("expected a single top-level key 'rules'");
    assertThatThrownBy(() -> parse("rules: [")).hasMessageContaining("not valid YAML");
  }
}

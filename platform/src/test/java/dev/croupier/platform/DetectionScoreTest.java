package dev.croupier.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.platform.DetectionScore.Alert;
import dev.croupier.simulator.scenario.ScenarioLabel;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionScoreTest {
  private static final long AT = 1_772_438_400_000L;

  @Test
  void shouldCountAnAlertAboutAScenarioPlayerAsATruePositive() {
    // Given two chip-dumping scenarios and one bet-velocity scenario
    List<ScenarioLabel> labels =
        List.of(
            label("sc-1", "chip-dumping", List.of("u1"), List.of("u2")),
            label("sc-2", "chip-dumping", List.of("u3"), List.of("u4")),
            label("sc-3", "bet-velocity", List.of("u5"), List.of()));

    // When alerts name the first scenario's player twice, the second's counterparty, and u5 under
    // the wrong rule
    DetectionScore score =
        DetectionScore.of(
            labels,
            List.of(
                new Alert("chip-dumping", "u1"), new Alert("chip-dumping", "u1"),
                new Alert("chip-dumping", "u4"), new Alert("stake-anomaly", "u5")));

    // Then chip-dumping found one scenario of two, with 2 of 3 alerts right
    DetectionScore.RuleScore dumping = score.perRule().get("chip-dumping");
    assertThat(dumping).isEqualTo(new DetectionScore.RuleScore("chip-dumping", 2, 1, 3, 2));
    assertThat(dumping.precision()).isEqualTo(2.0 / 3);
    assertThat(dumping.recall()).isEqualTo(0.5);
    // And the related player and the wrong rule are false positives; sc-2 and sc-3 were missed
    assertThat(score.falsePositives())
        .containsExactly(new Alert("chip-dumping", "u4"), new Alert("stake-anomaly", "u5"));
    assertThat(score.missed())
        .extracting(ScenarioLabel::scenarioId)
        .containsExactly("sc-2", "sc-3");
    assertThat(score.perRule().get("stake-anomaly").precision()).isZero();
    assertThat(score.perRule().get("stake-anomaly").recall()).isNaN();
  }

  @Test
  void shouldListEveryDefaultRuleAndTotalThem() {
    // Given one detected scenario of a multi-player rule
    List<ScenarioLabel> labels =
        List.of(label("sc-1", "multi-accounting", List.of("a", "b", "c", "d"), List.of()));

    // When one alert names one of its players, plus an alert of a rule unknown to the simulator
    DetectionScore score =
        DetectionScore.of(
            labels, List.of(new Alert("multi-accounting", "c"), new Alert("custom-rule", "x")));

    // Then every default rule is listed (in the order of the rules file) before the unknown one
    assertThat(score.perRule()).hasSize(11);
    assertThat(score.perRule().keySet()).startsWith("rapid-cashout").endsWith("custom-rule");
    assertThat(score.perRule().get("bet-velocity").precision()).isNaN();
    // And the total sums the rules
    assertThat(score.total()).isEqualTo(new DetectionScore.RuleScore("all", 1, 1, 2, 1));
    assertThat(score.total().recall()).isEqualTo(1.0);
    assertThat(score.total().precision()).isEqualTo(0.5);
  }

  private static ScenarioLabel label(
      String id, String rule, List<String> users, List<String> related) {
    return new ScenarioLabel(
        id,
        rule,
        "default",
        users,
        related,
        AT,
        AT + 60_000,
        "e-" + id,
        AT + 30_000,
        List.of("e-" + id));
  }
}

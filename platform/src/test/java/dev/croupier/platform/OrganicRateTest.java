package dev.croupier.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.simulator.SimulationStats;
import dev.croupier.simulator.scenario.ScenarioLabel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrganicRateTest {
  private static final long DAY = 86_400_000L;

  @Test
  void shouldCountAlertsOnPlayersNoScenarioNamesPerThousandPlayersPerDay() {
    // Given 1,000 background players over two days; a scenario names its fresh player u5000 and
    // borrows background player u7 as a related player
    List<ScenarioLabel> labels =
        List.of(
            new ScenarioLabel(
                "sc-1",
                "chip-dumping",
                "default",
                List.of("u5000"),
                List.of("u7"),
                0,
                1,
                "e",
                0,
                List.of("e")));
    SimulationStats sim =
        new SimulationStats(
            0, Map.of(), Map.of(), Map.of(), 0, 0, 1_000, 1_000 + 2 * DAY, Duration.ZERO);

    // When alerts fall on the scenario's players and on two organic players
    OrganicRate rate =
        OrganicRate.of(
            labels,
            List.of(
                new DetectionScore.Alert("chip-dumping", "u5000"),
                new DetectionScore.Alert("chip-dumping", "u7"),
                new DetectionScore.Alert("stake-anomaly", "u1"),
                new DetectionScore.Alert("stake-anomaly", "u2"),
                new DetectionScore.Alert("bet-velocity", "u2")),
            1_000,
            sim);

    // Then only the organic ones count, per 1,000 of the 999 organic players per day
    assertThat(rate.players()).isEqualTo(999);
    assertThat(rate.days()).isEqualTo(2.0);
    assertThat(rate.alerts("stake-anomaly")).isEqualTo(2);
    assertThat(rate.alerts("chip-dumping")).isZero();
    assertThat(rate.total()).isEqualTo(3);
    assertThat(rate.perThousandPlayersPerDay("stake-anomaly"))
        .isCloseTo(2 * 1000.0 / 999 / 2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(rate.perThousandPlayersPerDay(null))
        .isCloseTo(3 * 1000.0 / 999 / 2, org.assertj.core.data.Offset.offset(1e-9));
  }
}

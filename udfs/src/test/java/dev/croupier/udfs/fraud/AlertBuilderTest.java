package dev.croupier.udfs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.rules.FraudRules;
import dev.croupier.udfs.fraud.rules.RapidCashout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertBuilderTest {

  @Test
  void shouldDeriveTheIdFromRulePlayerAndSortedEvidenceOnly() {
    String a = AlertBuilder.alertId("rapid-cashout", "u1", List.of("e2", "e1"));
    String b = AlertBuilder.alertId("rapid-cashout", "u1", List.of("e1", "e2"));
    String oracle =
        UUID.nameUUIDFromBytes("rapid-cashout|u1|e1,e2".getBytes(StandardCharsets.UTF_8))
            .toString();
    assertThat(a).isEqualTo(b).isEqualTo(oracle);
    assertThat(AlertBuilder.alertId("rapid-cashout", "u2", List.of("e1", "e2"))).isNotEqualTo(a);
    assertThat(AlertBuilder.alertId("bet-velocity", "u1", List.of("e1", "e2"))).isNotEqualTo(a);
  }

  @Test
  void shouldSpanTheEvidenceAndScoreTheMargin() {
    FraudAlert alert =
        AlertBuilder.of(FraudRules.defaults().settings(RapidCashout.RULE).rule(), "u1")
            .evidence("late", 2_000)
            .evidence("early", 1_000)
            .atLeast("deposit", 15_000, 10_000) // 50 % past
            .below("staked", 5, 20) // 300 % under
            .summary("s")
            .build();
    assertThat(alert.getFirstEventAt().toEpochMilli()).isEqualTo(1_000);
    assertThat(alert.getLastEventAt().toEpochMilli()).isEqualTo(2_000);
    assertThat(alert.getDetectedAt().toEpochMilli()).isEqualTo(2_000);
    assertThat(alert.getScore()).isEqualTo(75); // the smaller margin decides: 50 + 50 * 0.5
    assertThat(alert.getAttributes())
        .containsEntry("deposit", "15000")
        .containsEntry("deposit.threshold", ">= 10000")
        .containsEntry("staked.threshold", "< 20");
    assertThat(AlertBuilder.score(0)).isEqualTo(50);
    assertThat(AlertBuilder.score(5)).isEqualTo(100);
  }
}

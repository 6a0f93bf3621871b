package dev.croupier.udfs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.rules.BetVelocity;
import dev.croupier.udfs.fraud.rules.FraudRules;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertCoolDownTest {
  private static final RuleSettings VELOCITY =
      FraudRules.defaults().settings(BetVelocity.RULE).rule(); // 1 h
  private static final long HOUR = 3_600_000;
  private KeyedOneInputStreamOperatorTestHarness<String, FraudAlert, FraudAlert> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new AlertCoolDown(FraudRules.defaults().all())),
            AlertCoolDown::key,
            Types.STRING);
    harness.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void send(String user, String evidence, long at) throws Exception {
    harness.processElement(AlertBuilder.of(VELOCITY, user).evidence(evidence, at).build(), at);
  }

  private List<String> passed() {
    return harness.extractOutputValues().stream()
        .map(a -> a.getUserId() + "@" + a.getDetectedAt().toEpochMilli())
        .toList();
  }

  @Test
  void shouldPassOneAlertPerRuleAndPlayerWithinTheCoolDown() throws Exception {
    // Given the same behaviour detected three times within the hour, for one player, and once for
    // another
    send("bot", "a", 0);
    send("bot", "b", HOUR / 2);
    send("bot", "c", HOUR - 1);
    send("other", "d", HOUR / 2);
    // And again once the hour has passed
    send("bot", "e", HOUR);

    // Then one alert per player and cool-down period
    assertThat(passed()).containsExactly("bot@0", "other@" + HOUR / 2, "bot@" + HOUR);
  }

  @Test
  void shouldForgetThePlayerWhenTheCoolDownEnds() throws Exception {
    send("bot", "a", 0);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    harness.processWatermark(HOUR);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }
}

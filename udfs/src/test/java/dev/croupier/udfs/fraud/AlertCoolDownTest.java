package dev.croupier.udfs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.LiveRules;
import dev.croupier.udfs.fraud.rules.BetVelocity;
import dev.croupier.udfs.fraud.rules.FraudRules;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertCoolDownTest {
  private static final RuleSettings VELOCITY =
      FraudRules.defaults().settings(BetVelocity.RULE).rule(); // version 1, 1 h
  private static final long HOUR = 3_600_000;
  private KeyedBroadcastOperatorTestHarness<String, FraudAlert, RuleConfig, FraudAlert> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new AlertCoolDown(FraudRules.defaults(), AlertCoolDown.ALERTS),
            AlertCoolDown::key,
            Types.STRING,
            LiveRules.STATE);
    harness.processBroadcastWatermark(Watermark.MAX_WATERMARK);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void send(RuleSettings version, String user, String evidence, long at) throws Exception {
    harness.processElement(AlertBuilder.of(version, user).evidence(evidence, at).build(), at);
  }

  private void send(String user, String evidence, long at) throws Exception {
    send(VELOCITY, user, evidence, at);
  }

  private List<String> passed() {
    return harness.extractOutputValues().stream()
        .map(a -> a.getUserId() + "@" + a.getDetectedAt().toEpochMilli())
        .toList();
  }

  private int keyedStateEntries() {
    return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
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
  void shouldTakeTheCoolDownOfTheVersionThatRunsNow() throws Exception {
    // Given version 2 of the rule with a 10 minute cool-down, accepted while the job runs
    harness.processBroadcastElement(
        TestRules.record("bet-velocity", "version: 2\ncool-down: 10m"), 0);
    RuleSettings v2 =
        new RuleSettings(
            VELOCITY.id(),
            2,
            VELOCITY.mode(),
            VELOCITY.severity(),
            java.time.Duration.ofMinutes(10));

    // When version 1 alerted (its case was in flight) and version 2 alerts 5 and 11 minutes later
    send("bot", "a", 0);
    send(v2, "bot", "b", HOUR / 12);
    send(v2, "bot", "c", 11 * HOUR / 60);

    // Then the versions share the player's cool-down, which is now 10 minutes
    assertThat(passed()).containsExactly("bot@0", "bot@" + 11 * HOUR / 60);
  }

  @Test
  void shouldForgetThePlayerWhenTheCoolDownEnds() throws Exception {
    send("bot", "a", 0);
    assertThat(keyedStateEntries()).isEqualTo(1);
    harness.processWatermark(HOUR);
    assertThat(keyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void shouldStillForgetThePlayerWhenTheCoolDownIsRaisedMeanwhile() throws Exception {
    // Given an alert under the 1 h cool-down
    send("bot", "a", 0);

    // When version 2 raises the cool-down to 3 h before the first timer fires
    harness.processBroadcastElement(
        TestRules.record("bet-velocity", "version: 2\ncool-down: 3h"), 0);

    // Then the timer at 1 h keeps the state (the player still cools down) and re-arms
    harness.processWatermark(HOUR);
    assertThat(keyedStateEntries()).isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    // And the state is gone once the raised cool-down has passed: nothing is left behind
    harness.processWatermark(3 * HOUR);
    assertThat(keyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }
}

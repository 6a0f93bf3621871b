package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.min;
import static dev.croupier.udfs.fraud.Events.settled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.TestRules;
import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.live.LiveRules;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A savepoint of the whole-event layout (state {@code recent}, the rule's former code) restores
 * into the compact one under the same uid: half-way cases complete with the same alerts, and the
 * old state is cleared.
 */
class CompactWindowRestoreTest {

  @Test
  void chipDumpingGoesOnFromTheWholeEventLayout() throws Exception {
    List<PlayerEvent> losses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      losses.add(settled("dumper", min(20 * i), BetOutcome.LOSS, 10_000, 0, "partner"));
      losses.add(settled("dumper", min(20 * i + 5), BetOutcome.LOSS, 900, 0, null));
    }
    FraudRule<?> former = ReferenceChipDumping.RULE;
    assertThat(restored(ChipDumping.RULE, former, losses))
        .hasSize(1)
        .containsExactlyElementsOf(straight(former, ChipDumping.RULE, losses));
  }

  @Test
  void payoutAnomalyGoesOnFromTheWholeEventLayout() throws Exception {
    List<PlayerEvent> s = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      s.add(settled("exploiter", min(i * 0.8), BetOutcome.WIN, 100, 600, null));
    }
    FraudRule<?> former = ReferencePayoutAnomaly.RULE;
    assertThat(restored(PayoutAnomaly.RULE, former, s))
        .hasSize(1)
        .containsExactlyElementsOf(straight(former, PayoutAnomaly.RULE, s));
  }

  /** The events through the former code, snapshot a third of the way, the rest through the new. */
  private static List<FraudAlert> restored(
      FraudRule<?> rule, FraudRule<?> former, List<PlayerEvent> events) throws Exception {
    List<FraudAlert> out = new ArrayList<>();
    int cut = events.size() / 3;
    OperatorSubtaskState snapshot;
    try (var before = harness(function(former, rule), null)) {
      out.addAll(send(before, events.subList(0, cut)));
      snapshot = before.snapshot(1, 1);
    }
    try (var after = harness(TestRules.function(rule), snapshot)) {
      out.addAll(send(after, events.subList(cut, events.size())));
      after.processWatermark(new Watermark(Long.MAX_VALUE - 1));
      assertThat(
              ((HeapKeyedStateBackend<?>) after.getOperator().getKeyedStateBackend())
                  .numKeyValueStateEntries())
          .as("no state left once the window passed")
          .isZero();
    }
    return out;
  }

  private static List<FraudAlert> straight(
      FraudRule<?> former, FraudRule<?> rule, List<PlayerEvent> events) throws Exception {
    try (var h = harness(function(former, rule), null)) {
      return send(h, events);
    }
  }

  private static List<FraudAlert> send(
      KeyedBroadcastOperatorTestHarness<String, PlayerEvent, RuleConfig, FraudAlert> h,
      List<PlayerEvent> events)
      throws Exception {
    for (PlayerEvent e : events) {
      h.processElement(new StreamRecord<>(e, e.occurredAt));
      h.processWatermark(new Watermark(e.occurredAt - 1));
    }
    List<FraudAlert> alerts = new ArrayList<>(h.extractOutputValues());
    h.getOutput().clear();
    return alerts;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static LiveRuleFunction<?> function(FraudRule former, FraudRule rule) {
    RuleConfig file = FraudRules.defaults().versions(rule).fromFile();
    return (LiveRuleFunction<?>)
        ((FraudRule.Keyed) former).function().apply(RuleVersions.of(former, file, "test"));
  }

  private static KeyedBroadcastOperatorTestHarness<String, PlayerEvent, RuleConfig, FraudAlert>
      harness(LiveRuleFunction<?> fn, OperatorSubtaskState restore) throws Exception {
    KeyedBroadcastOperatorTestHarness<String, PlayerEvent, RuleConfig, FraudAlert> h =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(fn, List.of(LiveRules.STATE)),
            (PlayerEvent e) -> e.userId,
            Types.STRING,
            128,
            1,
            0);
    h.setup();
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    h.processBroadcastWatermark(Watermark.MAX_WATERMARK);
    return h;
  }
}

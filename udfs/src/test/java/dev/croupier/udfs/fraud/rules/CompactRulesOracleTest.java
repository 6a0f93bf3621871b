package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.T0;
import static dev.croupier.udfs.fraud.Events.bet;
import static dev.croupier.udfs.fraud.Events.settled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.udfs.fraud.HarnessChain;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.TestRules;
import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compact windows and incremental steps of chip-dumping, payout-anomaly and stake-anomaly give
 * exactly the alerts (ids, evidence, attributes, scores) of the rules as they were before ({@code
 * Reference*}, their former code), over random traffic that crosses and misses the thresholds, with
 * ties in time, events shuffled within the watermark bound, house-game losses, huge amounts that
 * overflow the sums, and a version change mid-stream that adds a shadow with a shorter window (the
 * path that rescans instead of reading the running sums).
 */
class CompactRulesOracleTest {
  private static final long MIN = 60_000;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void chipDumpingMatchesItsFormerCode(int seed) throws Exception {
    List<PlayerEvent> events = settlements(new Random(seed), true);
    compare(
        ChipDumping.RULE,
        ReferenceChipDumping.RULE,
        ChipDumping::accepts,
        events,
        TestRules.record(
            "chip-dumping",
            "version: 2\nmin-total-losses: 40000\nshadow: {window: 3h, min-counterparty-percent: 60}"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void payoutAnomalyMatchesItsFormerCode(int seed) throws Exception {
    List<PlayerEvent> events = settlements(new Random(seed), false);
    compare(
        PayoutAnomaly.RULE,
        ReferencePayoutAnomaly.RULE,
        PayoutAnomaly::accepts,
        events,
        TestRules.record(
            "payout-anomaly",
            "version: 2\nmin-settled-bets: 30\nshadow: {window: 20m, excluded-top-wins: 3, min-settled-bets: 10}"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void stakeAnomalyMatchesItsFormerCode(int seed) throws Exception {
    Random r = new Random(seed);
    List<PlayerEvent> events = new ArrayList<>();
    for (int p = 0; p < 12; p++) {
      String user = "u" + p;
      long t = T0 + r.nextInt(60_000);
      long habit = 100 + r.nextInt(5_000);
      for (int i = 0; i < 300; i++) {
        t += 1 + r.nextInt(r.nextInt(10) == 0 ? 3_600_000 : 20_000);
        long stake =
            switch (r.nextInt(20)) {
              case 0 -> habit * (3 + r.nextInt(80)); // a jump
              case 1 -> 0;
              case 2 -> habit << r.nextInt(6); // a martingale step
              default -> Math.max(1, habit + r.nextInt((int) habit) - habit / 2);
            };
        events.add(bet(user, t, stake));
      }
    }
    compare(
        StakeAnomaly.RULE,
        ReferenceStakeAnomaly.RULE,
        StakeAnomaly::accepts,
        events,
        TestRules.record(
            "stake-anomaly",
            "version: 2\nmin-bets: 10\nshadow: {history-bets: 20, min-max-multiple: 2, deviations: 3}"));
  }

  /**
   * Settlements of a few players: bursts of losses (to a few counterparties, or the house) for
   * chip-dumping, bursts of winning settlements for payout-anomaly, with gaps that empty windows.
   */
  private static List<PlayerEvent> settlements(Random r, boolean losses) {
    List<PlayerEvent> events = new ArrayList<>();
    String[] counterparties = {null, null, "cp-a", "cp-b", "cp-c"};
    for (int p = 0; p < 10; p++) {
      String user = "u" + p;
      boolean exploiter = p % 2 == 0;
      long t = T0 + r.nextInt(60_000);
      for (int i = 0; i < 400; i++) {
        t += r.nextInt(8) == 0 ? r.nextInt(30 * 60 * 1000) * 10L : r.nextInt(90_000);
        if (r.nextInt(15) == 0) {
          t -= r.nextInt(1000); // out of order within the watermark bound
        }
        long stake = 100 + r.nextInt(r.nextInt(10) == 0 ? 100_000 : 5_000);
        if (r.nextInt(500) == 0) {
          stake = Long.MAX_VALUE / 2 + r.nextInt(1000); // sums overflow
        }
        String counterparty = counterparties[r.nextInt(counterparties.length)];
        if (losses) {
          events.add(
              settled(
                  user,
                  t,
                  BetOutcome.LOSS,
                  stake,
                  r.nextInt(3) == 0 ? stake / 3 : 0,
                  counterparty));
          if (r.nextInt(4) == 0) { // the same millisecond
            events.add(settled(user, t, BetOutcome.LOSS, stake / 2 + 1, 0, counterparty));
          }
        } else {
          long payout =
              r.nextInt(3) == 0
                  ? 0
                  : stake * r.nextInt(r.nextInt(5) == 0 ? 50 : exploiter ? 14 : 9);
          BetOutcome o = payout == 0 ? BetOutcome.LOSS : BetOutcome.WIN;
          events.add(settled(user, t, o, stake, payout, counterparty));
          if (r.nextInt(4) == 0) {
            events.add(settled(user, t, o, stake, payout / 2, counterparty));
          }
        }
      }
    }
    return events;
  }

  private static <S extends FraudRule.Settings, R extends FraudRule.Settings> void compare(
      FraudRule<S> rule,
      FraudRule<R> reference,
      Predicate<PlayerEvent> accepts,
      List<PlayerEvent> events,
      RuleConfig change)
      throws Exception {
    List<PlayerEvent> in = new ArrayList<>(events.stream().filter(accepts).toList());
    in.sort((a, b) -> Long.compare(a.occurredAt, b.occurredAt));
    List<List<FraudAlert>> compact = run(TestRules.function(rule), in, change);
    RuleConfig file = FraudRules.defaults().versions(rule).fromFile();
    LiveRuleFunction<R> former =
        ((FraudRule.Keyed<R>) reference).function().apply(RuleVersions.of(reference, file, "test"));
    List<List<FraudAlert>> expected = run(former, in, change);
    assertThat(expected.get(0).size() + expected.get(1).size())
        .as("the traffic makes the rule fire")
        .isGreaterThan(1);
    assertThat(compact.get(0)).as("active alerts").containsExactlyElementsOf(expected.get(0));
    assertThat(compact.get(1)).as("shadow alerts").containsExactlyElementsOf(expected.get(1));
  }

  /** Active and shadow alerts; {@code change} applies after a third of the events. */
  private static List<List<FraudAlert>> run(
      LiveRuleFunction<?> fn, List<PlayerEvent> sorted, RuleConfig change) throws Exception {
    try (HarnessChain chain = HarnessChain.rule(fn)) {
      // arrival order: event time, locally shuffled within 1 s (the sorter restores it)
      List<PlayerEvent> arrival = new ArrayList<>(sorted);
      Random r = new Random(42);
      for (int i = 0; i + 1 < arrival.size(); i++) {
        if (arrival.get(i + 1).occurredAt - arrival.get(i).occurredAt < 1000 && r.nextBoolean()) {
          Collections.swap(arrival, i, i + 1);
        }
      }
      long newest = Long.MIN_VALUE;
      for (int i = 0; i < arrival.size(); i++) {
        if (i == arrival.size() / 3) {
          chain.rules(change);
        }
        PlayerEvent e = arrival.get(i);
        chain.send(e);
        newest = Math.max(newest, e.occurredAt);
        if (i % 7 == 0) {
          chain.watermark(newest - 5_000);
        }
      }
      chain.watermark(newest + 40L * 24 * 60 * MIN);
      return List.of(chain.<FraudAlert>output(), chain.shadow());
    }
  }
}

package dev.croupier.udfs.fraud;

import static dev.croupier.udfs.fraud.Events.account;
import static dev.croupier.udfs.fraud.Events.bet;
import static dev.croupier.udfs.fraud.Events.bonus;
import static dev.croupier.udfs.fraud.Events.deposit;
import static dev.croupier.udfs.fraud.Events.failedDeposit;
import static dev.croupier.udfs.fraud.Events.login;
import static dev.croupier.udfs.fraud.Events.min;
import static dev.croupier.udfs.fraud.Events.settled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.udfs.fraud.rules.AccountTakeover;
import dev.croupier.udfs.fraud.rules.BetVelocity;
import dev.croupier.udfs.fraud.rules.BonusAbuse;
import dev.croupier.udfs.fraud.rules.CardTesting;
import dev.croupier.udfs.fraud.rules.ChipDumping;
import dev.croupier.udfs.fraud.rules.FraudRules;
import dev.croupier.udfs.fraud.rules.ImpossibleTravel;
import dev.croupier.udfs.fraud.rules.MultiAccounting;
import dev.croupier.udfs.fraud.rules.PayoutAnomaly;
import dev.croupier.udfs.fraud.rules.RapidCashout;
import dev.croupier.udfs.fraud.rules.StakeAnomaly;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Many players each start what could become a case for every rule, none completes, and event time
 * moves past every window: the keyed state of every operator (timelines and rules) must be gone,
 * timers too. Guards against forgotten clean-up in the rules' functions, the sequence rules' held
 * cases included.
 */
class StateBoundTest {
  private static final int PLAYERS = 300;
  private static final FraudRules R = FraudRules.defaults();
  private static final long LONG_AFTER =
      min(100 * 24 * 60); // beyond every window, TTL and cool-down

  /** Partial cases of every rule for one player, in the first half hour. */
  private static List<PlayerEvent> partialCases(String p) {
    List<PlayerEvent> e = new ArrayList<>();
    e.add(account(p, min(0), AccountEventKind.REGISTERED, "dev-" + p, "ip-" + p));
    e.add(deposit(p, min(1), 50_000)); // rapid-cashout: a deposit, no withdrawal
    e.add(bonus(p, min(2), 2_000)); // bonus-abuse: registered + bonus, no withdrawal
    for (int i = 0; i < 6; i++) {
      e.add(
          account(
              p,
              min(3 + 0.1 * i),
              AccountEventKind.LOGIN_FAILED,
              "evil",
              "6.6.6.6")); // account-takeover
      e.add(failedDeposit(p, min(4 + 0.1 * i), "card-" + i)); // card-testing: failures, no success
    }
    for (int i = 0; i < 25; i++) {
      e.add(bet(p, min(5 + 0.01 * i), 1_000)); // bet-velocity and stake-anomaly history
      e.add(
          settled(
              p,
              min(6 + 0.01 * i),
              BetOutcome.LOSS,
              1_000,
              0,
              "partner-" + p)); // payout, chip-dumping
    }
    e.add(login(p, min(7), 52.5, 13.4, "DE")); // impossible-travel: one login
    e.sort(java.util.Comparator.comparingLong(x -> x.occurredAt));
    return e;
  }

  @Test
  void shouldLeaveNoKeyedStateOnceEveryWindowHasPassed() throws Exception {
    // Given every rule's operators as the job chains them
    Map<String, HarnessChain> chains = new LinkedHashMap<>();
    Map<String, Predicate<PlayerEvent>> inputs = new LinkedHashMap<>();
    chains.put("rapid-cashout", HarnessChain.rule(TestRules.function(RapidCashout.RULE)));
    inputs.put("rapid-cashout", RapidCashout::accepts);
    chains.put("account-takeover", HarnessChain.rule(TestRules.function(AccountTakeover.RULE)));
    inputs.put("account-takeover", AccountTakeover::accepts);
    chains.put("card-testing", HarnessChain.rule(TestRules.function(CardTesting.RULE)));
    inputs.put("card-testing", CardTesting::accepts);
    chains.put("bonus-abuse", HarnessChain.rule(TestRules.function(BonusAbuse.RULE)));
    inputs.put("bonus-abuse", BonusAbuse::accepts);
    chains.put("bet-velocity", HarnessChain.rule(TestRules.function(BetVelocity.RULE)));
    inputs.put("bet-velocity", BetVelocity::accepts);
    chains.put("stake-anomaly", HarnessChain.rule(TestRules.function(StakeAnomaly.RULE)));
    inputs.put("stake-anomaly", StakeAnomaly::accepts);
    chains.put("impossible-travel", HarnessChain.rule(TestRules.function(ImpossibleTravel.RULE)));
    inputs.put("impossible-travel", ImpossibleTravel::accepts);
    chains.put("payout-anomaly", HarnessChain.rule(TestRules.function(PayoutAnomaly.RULE)));
    inputs.put("payout-anomaly", PayoutAnomaly::accepts);
    chains.put("chip-dumping", HarnessChain.rule(TestRules.function(ChipDumping.RULE)));
    inputs.put("chip-dumping", ChipDumping::accepts);
    MultiAccounting.Link device = MultiAccounting.Link.DEVICE;
    chains.put(
        "multi-accounting",
        new HarnessChain()
            .then(EventTimeSorter.forEvents(), (PlayerEvent e) -> device.of(e))
            .thenRule(
                new MultiAccounting(R.versions(MultiAccounting.RULE), device),
                (PlayerEvent e) -> device.of(e)));
    inputs.put("multi-accounting", device::accepts);

    // When many players start partial cases, and event time reaches the middle of them
    for (int p = 0; p < PLAYERS; p++) {
      for (PlayerEvent e : partialCases("player-" + p)) {
        for (var c : chains.entrySet()) {
          if (inputs.get(c.getKey()).test(e)) {
            c.getValue().send(e);
          }
        }
      }
    }
    for (HarnessChain c : chains.values()) {
      c.watermark(min(5.1));
    }
    Map<String, Integer> during = new LinkedHashMap<>();
    chains.forEach((rule, c) -> during.put(rule, c.keyedStateEntries()));

    // Then every rule holds state while cases are open ...
    assertThat(during)
        .allSatisfy(
            (rule, entries) -> assertThat(entries).as(rule).isGreaterThanOrEqualTo(PLAYERS));

    // ... and none once event time is past every window, TTL and cool-down
    for (HarnessChain c : chains.values()) {
      c.watermark(LONG_AFTER);
    }
    Map<String, Integer> after = new LinkedHashMap<>();
    chains.forEach((rule, c) -> after.put(rule, c.keyedStateEntries() + c.eventTimeTimers()));
    assertThat(after).allSatisfy((rule, left) -> assertThat(left).as(rule).isZero());
    assertThat(chains.values().stream().flatMap(c -> c.output().stream()).toList()).isEmpty();
    for (HarnessChain c : chains.values()) {
      c.close();
    }
  }
}

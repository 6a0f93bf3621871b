package dev.croupier.simulator;

import static dev.croupier.simulator.RuleOracle.HOUR;
import static dev.croupier.simulator.RuleOracle.SECOND;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.simulator.RuleOracle.Finding;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The oracle of bet-velocity, stake-anomaly, payout-anomaly and chip-dumping. Most sensitive
 * readings: stake-anomaly on exact log-stakes of the last 50 bets (median, MAD) with a hair of
 * slack for the rule's rounding; any run of ≥ 50 settlements within an hour, less its biggest
 * payout; chip-dumping with either all losses or player-vs-player losses as the total.
 */
final class PlayRules {
  private record Settled(long at, long stake, long payout) {}

  private record Loss(long at, long amount, String counterparty) {}

  /** Running stake statistics and recent bets of one player. */
  private static final class Habit {
    final ArrayDeque<Long> stakes = new ArrayDeque<>(); // the last 50
    final ArrayDeque<Long> recentBets = new ArrayDeque<>();
    final ArrayDeque<Settled> settled = new ArrayDeque<>();
    final ArrayDeque<Loss> losses = new ArrayDeque<>();
    final Map<String, Long> lostTo = new HashMap<>();
    long lossTotal;
    long pvpLossTotal;
  }

  private final Consumer<Finding> found;
  private final Map<String, Habit> habits = new HashMap<>();

  PlayRules(Consumer<Finding> found) {
    this.found = found;
  }

  void placed(BetPlaced b, long at) {
    Habit h = habits.computeIfAbsent(b.getUserId(), u -> new Habit());
    h.recentBets.add(at);
    while (at - h.recentBets.peekFirst() > 10 * SECOND) {
      h.recentBets.pollFirst();
    }
    if (h.recentBets.size() >= 30) {
      found.accept(new Finding("bet-velocity", Set.of(b.getUserId()), at));
    }
    long stake = b.getStake();
    if (stake <= 0) {
      return;
    }
    if (h.stakes.size() >= 20) {
      double[] logs = h.stakes.stream().mapToDouble(x -> log2(x)).toArray();
      double median = median(logs);
      double[] deviations = new double[logs.length];
      long max = 0;
      for (int i = 0; i < logs.length; i++) {
        deviations[i] = Math.abs(logs[i] - median);
      }
      for (long x : h.stakes) {
        max = Math.max(max, x);
      }
      double spread = Math.max(1.4826 * median(deviations), 0.25);
      // a hair below each bound: the rule rounds log-stakes to 1/256 of an octave
      double slack = 2.0 / 256;
      if (log2(stake) >= median + 4 * spread - slack
          && log2(stake) >= median + log2(10) - slack
          && stake >= 3 * max * (1 - slack)) {
        found.accept(new Finding("stake-anomaly", Set.of(b.getUserId()), at));
      }
    }
    h.stakes.addLast(stake);
    if (h.stakes.size() > 50) {
      h.stakes.removeFirst();
    }
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  void settled(BetSettled s, long at) {
    Habit h = habits.computeIfAbsent(s.getUserId(), u -> new Habit());
    payouts(s, at, h);
    if (RuleOracle.isLoss(s)) {
      losses(s, at, h);
    }
  }

  private void payouts(BetSettled s, long at, Habit h) {
    h.settled.add(new Settled(at, s.getStake(), s.getPayout()));
    while (at - h.settled.peekFirst().at() > HOUR) {
      h.settled.pollFirst();
    }
    if (h.settled.size() < 50) {
      return;
    }
    long stakes = 0;
    long payouts = 0;
    long biggest = 0;
    int n = 0;
    for (Iterator<Settled> it = h.settled.descendingIterator(); it.hasNext(); ) {
      Settled x = it.next();
      stakes += x.stake();
      payouts += x.payout();
      biggest = Math.max(biggest, x.payout()); // one jackpot is luck: left out
      if (++n >= 50 && payouts - biggest >= 5 * stakes) {
        found.accept(new Finding("payout-anomaly", Set.of(s.getUserId()), at));
        return;
      }
    }
  }

  private void losses(BetSettled s, long at, Habit h) {
    String cp = s.getCounterpartyUserId();
    h.losses.add(new Loss(at, s.getStake(), cp));
    h.lossTotal += s.getStake();
    if (cp != null) {
      h.pvpLossTotal += s.getStake();
      h.lostTo.merge(cp, s.getStake(), Long::sum);
    }
    while (at - h.losses.peekFirst().at() > 24 * HOUR) {
      Loss old = h.losses.pollFirst();
      h.lossTotal -= old.amount();
      if (old.counterparty() != null) {
        h.pvpLossTotal -= old.amount();
        h.lostTo.merge(old.counterparty(), -old.amount(), Long::sum);
      }
    }
    if (h.pvpLossTotal * 10 < 50_000 * 8) {
      return; // no counterparty can hold 80 % of a total of at least 500.00
    }
    for (Map.Entry<String, Long> e : h.lostTo.entrySet()) {
      boolean ofAll = h.lossTotal >= 50_000 && e.getValue() * 10 >= h.lossTotal * 8;
      boolean ofPvp = h.pvpLossTotal >= 50_000 && e.getValue() * 10 >= h.pvpLossTotal * 8;
      if (ofAll || ofPvp) {
        found.accept(new Finding("chip-dumping", Set.of(s.getUserId()), at));
        return;
      }
    }
  }
}

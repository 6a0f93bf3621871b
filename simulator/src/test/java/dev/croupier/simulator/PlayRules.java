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
 * readings: population standard deviation of all earlier stakes; any run of ≥ 50 settlements within
 * an hour; chip-dumping with either all losses or player-vs-player losses as the total.
 */
final class PlayRules {
  private record Settled(long at, long stake, long payout) {}

  private record Loss(long at, long amount, String counterparty) {}

  /** Running stake statistics and recent bets of one player. */
  private static final class Habit {
    long n;
    double sum;
    double sumSquares;
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
    double stake = b.getStake();
    if (h.n >= 20) {
      double mean = h.sum / h.n;
      double sd = Math.sqrt(Math.max(0, h.sumSquares / h.n - mean * mean));
      if (stake > mean + 6 * sd && stake >= 10 * mean) {
        found.accept(new Finding("stake-anomaly", Set.of(b.getUserId()), at));
      }
    }
    h.n++;
    h.sum += stake;
    h.sumSquares += stake * stake;
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
    int n = 0;
    for (Iterator<Settled> it = h.settled.descendingIterator(); it.hasNext(); ) {
      Settled x = it.next();
      stakes += x.stake();
      payouts += x.payout();
      if (++n >= 50 && payouts >= 5 * stakes) {
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

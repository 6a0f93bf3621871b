package dev.croupier.simulator;

import static dev.croupier.simulator.RuleOracle.HOUR;
import static dev.croupier.simulator.RuleOracle.MINUTE;

import dev.croupier.simulator.RuleOracle.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The oracle of rapid-cashout and bonus-abuse, from their definitions in docs/fraud.md. Most
 * sensitive readings: stakes counted from the deposit (bonus) on, any bonus within 24 h counts,
 * registration not required.
 */
final class MoneyRules {
  private static final long DEPOSIT_MIN = 10_000;

  /** A deposit or bonus still inside its rule window, and what was staked since. */
  private static final class Credit {
    final long at;
    final long amount;
    long staked;

    Credit(long at, long amount) {
      this.at = at;
      this.amount = amount;
    }
  }

  private final Consumer<Finding> found;
  private final Map<String, List<Credit>> deposits = new HashMap<>();
  private final Map<String, List<Credit>> bonuses = new HashMap<>();

  MoneyRules(Consumer<Finding> found) {
    this.found = found;
  }

  void depositCompleted(String user, long amount, long at) {
    if (amount >= DEPOSIT_MIN) {
      List<Credit> ds = deposits.computeIfAbsent(user, u -> new ArrayList<>());
      ds.removeIf(d -> at - d.at > 30 * MINUTE);
      ds.add(new Credit(at, amount));
    }
  }

  void bonusCompleted(String user, long amount, long at) {
    List<Credit> bs = bonuses.computeIfAbsent(user, u -> new ArrayList<>());
    bs.removeIf(b -> at - b.at > 24 * HOUR);
    bs.add(new Credit(at, amount));
  }

  void staked(String user, long stake) {
    for (Credit c : deposits.getOrDefault(user, List.of())) {
      c.staked += stake;
    }
    for (Credit c : bonuses.getOrDefault(user, List.of())) {
      c.staked += stake;
    }
  }

  void withdrawalRequested(String user, long amount, long at) {
    List<Credit> ds = deposits.getOrDefault(user, new ArrayList<>());
    ds.removeIf(d -> at - d.at > 30 * MINUTE);
    for (Credit d : ds) {
      if (amount * 10 >= d.amount * 8 && d.staked * 10 < d.amount * 2) {
        found.accept(new Finding("rapid-cashout", Set.of(user), at));
      }
    }
    List<Credit> bs = bonuses.getOrDefault(user, new ArrayList<>());
    bs.removeIf(b -> at - b.at > 24 * HOUR);
    for (Credit b : bs) {
      if (b.staked < 5 * b.amount) {
        found.accept(new Finding("bonus-abuse", Set.of(user), at));
      }
    }
  }
}

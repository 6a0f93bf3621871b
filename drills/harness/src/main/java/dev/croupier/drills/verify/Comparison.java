package dev.croupier.drills.verify;

import dev.croupier.drills.verify.Expectations.DeadLetterKey;
import dev.croupier.jobs.balance.BalanceOracle;
import dev.croupier.jobs.leaderboard.LeaderboardOracle;
import dev.croupier.platform.ClockTick;
import dev.croupier.platform.DetectionScore;
import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.FraudAlert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what the jobs wrote with the oracles and lists every difference: Redis balances and
 * boards against the balance and leaderboard oracles, the alert keys against the committed alerts,
 * the committed alerts against the ground truth (by rule and player, no duplicate alert id), the
 * balance changelog (last value per player equals the oracle, no duplicate or missing seq), the
 * dead letters (each broken record exactly once per job that reads its topic) and the watch that no
 * balance moved backwards. An empty list is a pass.
 */
public final class Comparison {
  private static final int SHOWN = 5;

  private final List<Difference> differences = new ArrayList<>();
  private final Map<String, String> figures = new TreeMap<>();

  public List<Difference> differences() {
    return differences;
  }

  /** Counts worth printing (alerts, dead letters, changelog records...). */
  public Map<String, String> figures() {
    return figures;
  }

  public Comparison balances(
      Map<String, BalanceOracle.Expected> oracle, Map<String, String> redis) {
    Map<String, String> expected = new TreeMap<>();
    oracle.forEach(
        (user, e) -> {
          if (e.seq > 0) { // a player whose events moved nothing has no hash
            expected.put(user, expectedBalance(e));
          }
        });
    figures.put("balances", Integer.toString(expected.size()));
    compareMaps("Redis balance:<user> against the balance oracle", expected, redis);
    return this;
  }

  static String expectedBalance(BalanceOracle.Expected e) {
    return RedisViews.balance(
        e.currency, e.balance, e.deposited, e.withdrawn, e.staked, e.paidOut, e.bonus, e.seq);
  }

  public Comparison boards(
      Map<String, List<LeaderboardOracle.Ranked>> oracle, Map<String, String> redis) {
    Map<String, String> expected = new TreeMap<>();
    oracle.forEach(
        (key, ranked) ->
            expected.put(
                key, ranked.stream().map(r -> r.userId() + "=" + r.score()).toList().toString()));
    figures.put("boards", Integer.toString(expected.size()));
    compareMaps("Redis lb:* boards against the leaderboard oracle", expected, redis);
    return this;
  }

  /**
   * After Redis came back empty: the boards refill only as players score again (the documented
   * loss), so each board entry Redis holds must be the oracle's entry, and no board may be one the
   * oracle lacks; entries that never came back are counted, not differences.
   */
  public Comparison boardsAfterLoss(
      Map<String, List<LeaderboardOracle.Ranked>> oracle, Map<String, String> redis) {
    List<String> wrong = new ArrayList<>();
    long present = 0;
    long lost = 0;
    for (Map.Entry<String, List<LeaderboardOracle.Ranked>> board : oracle.entrySet()) {
      Set<String> want = new HashSet<>();
      board.getValue().forEach(r -> want.add(r.userId() + "=" + r.score()));
      Set<String> have = entries(redis.get(board.getKey()));
      for (String entry : have) {
        if (!want.contains(entry)) {
          wrong.add(board.getKey() + " holds " + entry);
        }
      }
      present += have.size();
      lost += want.size() - have.stream().filter(want::contains).count();
    }
    for (String key : redis.keySet()) {
      if (!oracle.containsKey(key)) {
        wrong.add(key + " is no board of the oracle");
      }
    }
    figures.put("board entries back/lost with Redis", present + "/" + lost);
    add("Redis lb:* entries after an empty restart against the leaderboard oracle", wrong);
    return this;
  }

  private static Set<String> entries(String board) {
    Set<String> out = new HashSet<>();
    if (board != null && board.length() > 2) {
      for (String e : board.substring(1, board.length() - 1).split(", ")) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * After Redis came back empty: alerts committed before the loss stay only on risk.alerts (the
   * documented loss), so every id Redis holds for a player must be a committed alert of that player
   * and {@code alerts:recent} must hold committed ids, each once.
   */
  public Comparison alertKeysAfterLoss(
      List<FraudAlert> alerts, Map<String, List<String>> perUser, List<String> recent) {
    Map<String, Set<String>> committed = new HashMap<>();
    Set<String> all = new HashSet<>();
    for (FraudAlert a : alerts) {
      committed.computeIfAbsent(a.getUserId(), u -> new HashSet<>()).add(a.getAlertId());
      all.add(a.getAlertId());
    }
    List<String> wrong = new ArrayList<>();
    long kept = 0;
    for (Map.Entry<String, List<String>> user : perUser.entrySet()) {
      for (String id : user.getValue()) {
        kept++;
        if (!committed.getOrDefault(user.getKey(), Set.of()).contains(id)) {
          wrong.add("alerts:user:" + user.getKey() + " holds " + id);
        }
      }
    }
    figures.put("alert keys back/committed", kept + "/" + all.size());
    add("Redis alerts:user:<user> after an empty restart: only committed alerts", wrong);
    Set<String> seen = new HashSet<>();
    add(
        "Redis alerts:recent: alert id twice",
        recent.stream().filter(id -> !seen.add(id)).toList());
    add(
        "Redis alerts:recent: alert not committed",
        recent.stream().filter(id -> !all.contains(id)).distinct().toList());
    return this;
  }

  public Comparison changelog(
      Map<String, BalanceOracle.Expected> oracle, CommittedOutputs.Changelog changelog) {
    figures.put("changelog records", Long.toString(changelog.records()));
    add("platform.balances: duplicate (user, seq)", changelog.duplicates());
    add("platform.balances: missing seq", changelog.gaps());
    Map<String, String> expected = new TreeMap<>();
    oracle.forEach(
        (user, e) -> {
          if (e.seq > 0) {
            expected.put(user, expectedBalance(e));
          }
        });
    Map<String, String> last = new TreeMap<>();
    changelog.last().forEach((user, u) -> last.put(user, render(u)));
    compareMaps(
        "platform.balances: last value per player against the balance oracle", expected, last);
    return this;
  }

  private static String render(BalanceUpdated u) {
    return RedisViews.balance(
        u.getCurrency(),
        u.getBalance(),
        u.getDeposited(),
        u.getWithdrawn(),
        u.getStaked(),
        u.getPaidOut(),
        u.getBonus(),
        u.getSeq());
  }

  /**
   * Every committed alert is about a labelled scenario of its rule and player, every scenario is
   * detected, and no alert id appears twice.
   */
  public Comparison alerts(
      List<dev.croupier.simulator.scenario.ScenarioLabel> labels, List<FraudAlert> alerts) {
    return alerts(labels, alerts, l -> false);
  }

  /**
   * As above, but a scenario that {@code mayBeMissed} accepts (the upgrade's added rule, for a
   * scenario that began before the build that has it) is not a difference when missed; an alert
   * about it still counts as explained.
   */
  public Comparison alerts(
      List<dev.croupier.simulator.scenario.ScenarioLabel> labels,
      List<FraudAlert> alerts,
      java.util.function.Predicate<dev.croupier.simulator.scenario.ScenarioLabel> mayBeMissed) {
    Map<String, Integer> ids = new HashMap<>();
    alerts.forEach(a -> ids.merge(a.getAlertId(), 1, Integer::sum));
    List<String> duplicated = new ArrayList<>();
    ids.forEach(
        (id, n) -> {
          if (n > 1) {
            duplicated.add(id + " x" + n);
          }
        });
    add("risk.alerts: duplicate alert id", duplicated);
    DetectionScore score =
        DetectionScore.of(
            labels,
            alerts.stream()
                .map(a -> new DetectionScore.Alert(a.getRuleId(), a.getUserId()))
                .toList());
    figures.put("alerts", Integer.toString(alerts.size()));
    figures.put("scenarios", Integer.toString(labels.size()));
    add(
        "risk.alerts: labelled scenarios without an alert (rule, player)",
        score.missed().stream()
            .filter(mayBeMissed.negate())
            .map(l -> l.ruleId() + " " + l.userIds() + " " + l.scenarioId())
            .toList());
    long excused = score.missed().stream().filter(mayBeMissed).count();
    if (excused > 0) {
      figures.put("scenarios missed as allowed", Long.toString(excused));
    }
    add(
        "risk.alerts: alerts no scenario explains (rule, player)",
        score.falsePositives().stream().map(a -> a.ruleId() + " " + a.userId()).toList());
    return this;
  }

  /** {@code alerts:user:<u>} holds exactly u's committed alert ids; the stream each id once. */
  public Comparison alertKeys(
      List<FraudAlert> alerts,
      Map<String, List<String>> perUser,
      List<String> recent,
      int recentMax) {
    Map<String, List<String>> expected = new TreeMap<>();
    for (FraudAlert a : alerts) {
      if (!a.getUserId().startsWith(ClockTick.PLAYER)) {
        expected.computeIfAbsent(a.getUserId(), u -> new ArrayList<>()).add(a.getAlertId());
      }
    }
    expected.values().forEach(l -> l.sort(null));
    Map<String, String> want = new TreeMap<>();
    expected.forEach((u, l) -> want.put(u, new TreeSet<>(l).toString()));
    Map<String, String> have = new TreeMap<>();
    perUser.forEach((u, l) -> have.put(u, new TreeSet<>(l).toString()));
    compareMaps("Redis alerts:user:<user> against the committed alerts", want, have);
    Set<String> seen = new HashSet<>();
    List<String> twice = recent.stream().filter(id -> !seen.add(id)).toList();
    add("Redis alerts:recent: alert id twice", twice);
    if (alerts.size() <= recentMax) {
      Set<String> all = new TreeSet<>();
      alerts.forEach(a -> all.add(a.getAlertId()));
      Set<String> missing = new TreeSet<>(all);
      missing.removeAll(seen);
      Set<String> extra = new TreeSet<>(seen);
      extra.removeAll(all);
      add("Redis alerts:recent: committed alert missing", List.copyOf(missing));
      add("Redis alerts:recent: alert not committed", List.copyOf(extra));
    }
    return this;
  }

  /** Each broken record once per job that reads its topic, and nothing else. */
  public Comparison deadLetters(
      Map<DeadLetterKey, Integer> expected, List<CommittedOutputs.SeenDeadLetter> seen) {
    Map<DeadLetterKey, Integer> counts = new HashMap<>();
    Map<DeadLetterKey, String> reasons = new HashMap<>();
    Map<String, Integer> positions = new HashMap<>();
    List<String> repeated = new ArrayList<>();
    for (CommittedOutputs.SeenDeadLetter d : seen) {
      counts.merge(d.key(), 1, Integer::sum);
      reasons.putIfAbsent(d.key(), d.reason());
      if (d.at() != null && positions.merge(d.key().job() + " " + d.at(), 1, Integer::sum) == 2) {
        repeated.add(d.key().job() + " dead-lettered " + d.at() + " more than once");
      }
    }
    figures.put("dead letters", Integer.toString(seen.size()));
    add("platform.dlq: the same record twice", repeated);
    List<String> wrong = new ArrayList<>();
    Set<DeadLetterKey> keys = new HashSet<>(expected.keySet());
    keys.addAll(counts.keySet());
    for (DeadLetterKey k : keys) {
      int want = expected.getOrDefault(k, 0);
      int have = counts.getOrDefault(k, 0);
      if (want != have) {
        wrong.add(
            k.job()
                + " "
                + k.topic()
                + " "
                + abbreviate(k.record())
                + ": expected "
                + want
                + ", found "
                + have
                + (have > 0 ? " (reason " + reasons.get(k) + ")" : ""));
      }
    }
    wrong.sort(null);
    add("platform.dlq: each broken record once per job reading its topic", wrong);
    return this;
  }

  public Comparison seqWatch(BalanceSeqWatch.Result watch) {
    figures.put("seq watch rounds", Long.toString(watch.rounds()));
    if (watch.violations() > 0) {
      differences.add(
          new Difference(
              "Redis balance seq moved backwards while the drill ran",
              watch.violations(),
              watch.examples()));
    }
    return this;
  }

  /** A difference found by the drill itself (a job that ended, a step that failed). */
  public Comparison problem(String check, String detail) {
    differences.add(new Difference(check, 1, List.of(detail)));
    return this;
  }

  private void add(String check, List<String> found) {
    if (!found.isEmpty()) {
      differences.add(
          new Difference(check, found.size(), found.subList(0, Math.min(SHOWN, found.size()))));
    }
  }

  private void compareMaps(String check, Map<String, String> expected, Map<String, String> actual) {
    List<String> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    long count = 0;
    for (String key : keys) {
      String want = expected.get(key);
      String have = actual.get(key);
      if (want == null ? have != null : !want.equals(have)) {
        count++;
        if (out.size() < SHOWN) {
          out.add(key + "\n  expected " + abbreviate(want) + "\n  actual   " + abbreviate(have));
        }
      }
    }
    if (count > 0) {
      differences.add(new Difference(check + " (" + expected.size() + " expected)", count, out));
    }
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}

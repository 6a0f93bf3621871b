package dev.croupier.drills.verify;

import dev.croupier.drills.jobs.CroupierJob;
import dev.croupier.jobs.balance.BalanceOracle;
import dev.croupier.jobs.balance.Delivery;
import dev.croupier.jobs.leaderboard.LeaderboardOracle;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.sink.EventLogReader;
import dev.croupier.simulator.sink.GroundTruthFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What the jobs must have written, computed in plain Java from the simulator's event log (exactly
 * what was sent) and its ground truth, independently of the jobs' code: the balance and leaderboard
 * oracles of the jobs' own tests, the labelled scenarios, and one dead letter per broken record per
 * job that reads its topic.
 */
public final class Expectations {
  /** The leaderboard job's documented default allowed lateness. */
  static final Duration ALLOWED_LATENESS = Duration.ofMinutes(1);

  private final long events;
  private final long lastEventAt;
  private final Map<String, BalanceOracle.Expected> balances;
  private final Map<String, List<LeaderboardOracle.Ranked>> boards;
  private final List<ScenarioLabel> labels;
  private final Map<DeadLetterKey, Integer> deadLetters;

  /** A dead letter as the drills identify it: which job, which topic, which record. */
  public record DeadLetterKey(String job, String topic, String record) {}

  private Expectations(
      long events,
      long lastEventAt,
      Map<String, BalanceOracle.Expected> balances,
      Map<String, List<LeaderboardOracle.Ranked>> boards,
      List<ScenarioLabel> labels,
      Map<DeadLetterKey, Integer> deadLetters) {
    this.events = events;
    this.lastEventAt = lastEventAt;
    this.balances = balances;
    this.boards = boards;
    this.labels = labels;
    this.deadLetters = deadLetters;
  }

  /** Reads the event log and the ground truth; boards are keyed under {@code keyPrefix}. */
  public static Expectations of(Path eventLog, Path groundTruth, String keyPrefix) {
    List<Delivery> deliveries = new ArrayList<>();
    List<BetPlaced> bets = new ArrayList<>();
    List<BetSettled> settlements = new ArrayList<>();
    Map<DeadLetterKey, Integer> deadLetters = new HashMap<>();
    long[] counts = new long[2]; // events, last event time
    new EventLogReader()
        .read(
            eventLog,
            e -> {
              counts[0]++;
              counts[1] = Math.max(counts[1], e.occurredAt());
              if (e.topic() != Topics.ACCOUNTS) {
                deliveries.add(delivery(e));
              }
              if (e.isBad()) {
                for (CroupierJob job : CroupierJob.values()) {
                  if (job.reads(e.topic().name())) {
                    deadLetters.merge(
                        new DeadLetterKey(job.id(), e.topic().name(), identity(e)),
                        1,
                        Integer::sum);
                  }
                }
              } else if (e.value() instanceof BetPlaced b) {
                bets.add(b);
              } else if (e.value() instanceof BetSettled s) {
                settlements.add(s);
              }
            });
    Map<String, BalanceOracle.Expected> balances = BalanceOracle.of(deliveries);
    deliveries.clear();
    Map<String, List<LeaderboardOracle.Ranked>> boards =
        new LeaderboardOracle(keyPrefix, ALLOWED_LATENESS.toMillis())
            .onTime(bets, settlements)
            .boards();
    return new Expectations(
        counts[0], counts[1], balances, boards, GroundTruthFile.read(groundTruth), deadLetters);
  }

  private static Delivery delivery(SimEvent e) {
    if (e.bad() == null) {
      return Delivery.good(e.topic(), e.key(), (SpecificRecordBase) e.value());
    }
    // The oracle skips bad deliveries; the kind of fault does not matter to it.
    return new Delivery(
        e.topic(), e.key(), (SpecificRecordBase) e.value(), e.raw(), Delivery.Fault.GARBAGE_BYTES);
  }

  /** A broken record is known by its eventId when it has a body, else by its raw bytes. */
  static String identity(SimEvent e) {
    return e.raw() != null ? raw(e.raw()) : "event " + e.eventId();
  }

  static String raw(byte[] bytes) {
    return "raw " + Base64.getEncoder().encodeToString(bytes);
  }

  public long events() {
    return events;
  }

  public long lastEventAt() {
    return lastEventAt;
  }

  public Map<String, BalanceOracle.Expected> balances() {
    return balances;
  }

  public Map<String, List<LeaderboardOracle.Ranked>> boards() {
    return boards;
  }

  public List<ScenarioLabel> labels() {
    return labels;
  }

  public Map<DeadLetterKey, Integer> deadLetters() {
    return deadLetters;
  }
}

package dev.croupier.platform;

import dev.croupier.jobs.balance.Delivery;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.event.BadRecordKind;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.sink.EventLogReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The simulator's event log, read back for the oracles: what the balance job consumes (as the
 * balance oracle's deliveries, the broken records marked bad), the good bets and settlements the
 * leaderboards count, and how many dead letters the broken records must cause.
 */
record SimulatedTraffic(
    List<Delivery> deliveries,
    List<BetPlaced> bets,
    List<BetSettled> settlements,
    Map<Topic<?>, Long> perTopic,
    Map<Topic<?>, Long> badPerTopic) {

  /** Which jobs read each topic: each dead-letters a broken record of it once. */
  private static final Map<Topic<?>, Integer> JOBS_READING =
      Map.of(Topics.BETS, 3, Topics.ROUNDS, 3, Topics.PAYMENTS, 2, Topics.ACCOUNTS, 1);

  static SimulatedTraffic read(Path eventLog) {
    List<Delivery> deliveries = new ArrayList<>();
    List<BetPlaced> bets = new ArrayList<>();
    List<BetSettled> settlements = new ArrayList<>();
    Map<Topic<?>, Long> perTopic = new HashMap<>();
    Map<Topic<?>, Long> bad = new HashMap<>();
    new EventLogReader()
        .read(
            eventLog,
            e -> {
              perTopic.merge(e.topic(), 1L, Long::sum);
              if (e.isBad()) {
                bad.merge(e.topic(), 1L, Long::sum);
              }
              if (e.topic() != Topics.ACCOUNTS) { // the balance job's inputs
                deliveries.add(delivery(e));
              }
              if (!e.isBad() && e.value() instanceof BetPlaced b) {
                bets.add(b);
              } else if (!e.isBad() && e.value() instanceof BetSettled s) {
                settlements.add(s);
              }
            });
    return new SimulatedTraffic(deliveries, bets, settlements, perTopic, bad);
  }

  private static Delivery delivery(SimEvent e) {
    if (e.bad() == null) {
      return Delivery.good(e.topic(), e.key(), (SpecificRecordBase) e.value());
    }
    Delivery.Fault fault =
        e.bad() == BadRecordKind.NOT_WIRE_FORMAT
            ? Delivery.Fault.GARBAGE_BYTES
            : Delivery.Fault.NEGATIVE_AMOUNT;
    return new Delivery(e.topic(), e.key(), (SpecificRecordBase) e.value(), e.raw(), fault);
  }

  long events() {
    return perTopic.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Records sent to the topics named. */
  long count(String... topics) {
    long n = 0;
    for (String t : topics) {
      n += perTopic.getOrDefault(Topics.input(t), 0L);
    }
    return n;
  }

  /** Dead letters the broken records cause: one per job reading the topic. */
  long expectedDeadLetters() {
    long n = 0;
    for (var e : badPerTopic.entrySet()) {
      n += e.getValue() * JOBS_READING.get(e.getKey());
    }
    return n;
  }
}

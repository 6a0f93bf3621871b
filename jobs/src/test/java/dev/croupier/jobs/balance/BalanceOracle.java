package dev.croupier.jobs.balance;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.topics.Topic;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The expected end state of every player, computed in plain Java from the deliveries and the
 * balance rule of docs/balance.md, independently of the job's code. Balances, totals and seq do not
 * depend on how the topics interleave; the last event does, so the oracle names the candidates: the
 * last effective event of the player on each topic.
 */
public final class BalanceOracle {

  /** One player's expected view. */
  public static final class Expected {
    public String currency;
    public long balance;
    public long deposited;
    public long withdrawn;
    public long staked;
    public long paidOut;
    public long bonus;
    public long seq;
    final Map<Topic<?>, String> lastEffectiveEventPerTopic = new HashMap<>();
    final Map<String, Instant> occurredAt = new HashMap<>();

    public Set<String> lastEventCandidates() {
      return new HashSet<>(lastEffectiveEventPerTopic.values());
    }
  }

  private BalanceOracle() {}

  public static Map<String, Expected> of(List<Delivery> deliveries) {
    Map<String, Expected> players = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (Delivery d : deliveries) {
      if (d.isBad() || !seen.add((String) d.record().get("eventId"))) {
        continue;
      }
      Expected p = players.computeIfAbsent(d.key(), k -> new Expected());
      String currency = (String) d.record().get("currency");
      if (p.currency == null) {
        p.currency = currency;
      }
      if (apply(p, d)) {
        String eventId = (String) d.record().get("eventId");
        p.seq++;
        p.lastEffectiveEventPerTopic.put(d.topic(), eventId);
        p.occurredAt.put(eventId, (Instant) d.record().get("occurredAt"));
      }
    }
    return players;
  }

  /** Applies one good event; true if it moved the balance or a total. */
  private static boolean apply(Expected p, Delivery d) {
    if (d.record() instanceof BetPlaced b) {
      p.balance -= b.getStake();
      p.staked += b.getStake();
      return b.getStake() != 0;
    }
    if (d.record() instanceof BetSettled s) {
      long credit =
          switch (s.getOutcome()) {
            case VOID, PUSH -> s.getStake();
            case WIN, LOSS -> s.getPayout();
          };
      p.balance += credit;
      p.paidOut += credit;
      return credit != 0;
    }
    PaymentEvent e = (PaymentEvent) d.record();
    long a = e.getAmount();
    String step = e.getKind() + " " + e.getStatus();
    switch (step) {
      case "DEPOSIT COMPLETED" -> {
        p.balance += a;
        p.deposited += a;
      }
      case "DEPOSIT REVERSED" -> {
        p.balance -= a;
        p.deposited -= a;
      }
      case "WITHDRAWAL REQUESTED" -> {
        p.balance -= a;
        p.withdrawn += a;
      }
      case "WITHDRAWAL FAILED", "WITHDRAWAL REVERSED" -> {
        p.balance += a;
        p.withdrawn -= a;
      }
      case "BONUS COMPLETED" -> {
        p.balance += a;
        p.bonus += a;
      }
      case "BONUS REVERSED" -> {
        p.balance -= a;
        p.bonus -= a;
      }
      default -> {
        return false; // requested or failed deposits and bonuses, completed withdrawals
      }
    }
    return a != 0;
  }
}

package dev.croupier.jobs.leaderboard;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Six simulated hours of play across midnight (22:00–04:00 UTC), seeded: 1,000 players, 20 games,
 * 50,000 bets each settled 1 s–3 min later. Records are listed in the order they are produced (emit
 * time); each occurredAt lags its emit time by less than {@link #JITTER}, so every record is within
 * the out-of-orderness bound of everything produced before it in its partition. Stakes are whole
 * major units and wins are small multiples, so boards have many equal amounts.
 *
 * <p>The late events (100 bets, 100 settlements) are produced after everything else: half from
 * 22:xx (every window of theirs closed by then), half from 01:xx (their hour closed, their day
 * open).
 */
record SimulatedBetting(
    List<BetPlaced> bets,
    List<BetSettled> settlements,
    List<BetPlaced> lateBets,
    List<BetSettled> lateSettlements) {

  static final Instant START = Instant.parse("2026-11-28T22:00:00Z");
  static final Duration SPAN = Duration.ofHours(6);
  static final long JITTER = Duration.ofMinutes(2).toMillis();
  static final Instant LATE_CLOSED_HOUR = Instant.parse("2026-11-28T22:00:00Z");
  static final Instant LATE_OPEN_DAY_HOUR = Instant.parse("2026-11-29T01:00:00Z");
  static final int PLAYERS = 1_000;
  static final int GAMES = 20;
  static final int BETS = 50_000;
  static final int LATE_PER_TOPIC = 100;
  private static final long[] WIN_MULTIPLIERS = {2, 2, 2, 3, 5};

  static SimulatedBetting generate(long seed) {
    Random random = new Random(seed);
    List<BetPlaced> bets = new ArrayList<>(BETS);
    List<Timed> settlements = new ArrayList<>(BETS);
    long step = SPAN.toMillis() / BETS;
    for (int i = 0; i < BETS; i++) {
      long emit = START.toEpochMilli() + i * step + random.nextInt((int) step);
      BetPlaced bet = bet(random, "bet-" + i, emit - random.nextInt((int) JITTER));
      bets.add(bet);
      long settledEmit = emit + 1_000 + random.nextInt(180_000);
      settlements.add(
          new Timed(settledEmit, settle(random, bet, settledEmit - random.nextInt((int) JITTER))));
    }
    settlements.sort(
        Comparator.comparingLong(Timed::emit)); // stable: equal emit times keep their order
    List<BetPlaced> lateBets = new ArrayList<>();
    List<BetSettled> lateSettlements = new ArrayList<>();
    for (int i = 0; i < LATE_PER_TOPIC; i++) {
      Instant hour = i % 2 == 0 ? LATE_CLOSED_HOUR : LATE_OPEN_DAY_HOUR;
      BetPlaced late =
          bet(random, "late-bet-" + i, hour.toEpochMilli() + random.nextInt(3_600_000));
      lateBets.add(late);
      lateSettlements.add(settle(random, late, hour.toEpochMilli() + random.nextInt(3_600_000)));
    }
    return new SimulatedBetting(
        bets, settlements.stream().map(Timed::settled).toList(), lateBets, lateSettlements);
  }

  private static BetPlaced bet(Random random, String betId, long occurredAt) {
    String player = String.format("player-%04d", random.nextInt(PLAYERS));
    return BetPlaced.newBuilder()
        .setEventId("placed-" + betId)
        .setOccurredAt(Instant.ofEpochMilli(occurredAt))
        .setUserId(player)
        .setBetId(betId)
        .setGameId(String.format("game-%02d", random.nextInt(GAMES)))
        .setRoundId("round-" + betId)
        .setSessionId("session-" + player)
        .setStake(100L * (1 + random.nextInt(50)))
        .setCurrency("EUR")
        .build();
  }

  private static BetSettled settle(Random random, BetPlaced bet, long occurredAt) {
    int roll = random.nextInt(100);
    BetOutcome outcome =
        roll < 40
            ? BetOutcome.WIN
            : roll < 85 ? BetOutcome.LOSS : roll < 95 ? BetOutcome.PUSH : BetOutcome.VOID;
    long payout =
        switch (outcome) {
          case WIN -> bet.getStake() * WIN_MULTIPLIERS[random.nextInt(WIN_MULTIPLIERS.length)];
          case LOSS -> 0;
          case PUSH, VOID -> bet.getStake();
          case UNKNOWN -> throw new IllegalStateException("never generated");
        };
    return BetSettled.newBuilder()
        .setEventId("settled-" + bet.getBetId())
        .setOccurredAt(Instant.ofEpochMilli(occurredAt))
        .setUserId(bet.getUserId())
        .setBetId(bet.getBetId())
        .setGameId(bet.getGameId())
        .setRoundId(bet.getRoundId())
        .setOutcome(outcome)
        .setStake(bet.getStake())
        .setPayout(payout)
        .setCurrency("EUR")
        .build();
  }

  private record Timed(long emit, BetSettled settled) {}
}

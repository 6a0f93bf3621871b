package dev.croupier.jobs.fraud;

import dev.croupier.schemas.avro.BetPlaced;
import java.time.Instant;

/**
 * Bets for the live fraud ITs: a 1 € slots bet of {@code player} at {@code at}, ids from {@code n}.
 */
final class TestBets {
  private TestBets() {}

  static BetPlaced bet(int n, String player, long at) {
    return BetPlaced.newBuilder()
        .setEventId("e" + n)
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setUserId(player)
        .setBetId("b" + n)
        .setGameId("slots")
        .setRoundId("r" + n)
        .setSessionId("s-" + player)
        .setStake(100)
        .setCurrency("EUR")
        .build();
  }
}

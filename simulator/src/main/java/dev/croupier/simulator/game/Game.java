package dev.croupier.simulator.game;

/**
 * A game: its id, family, outcome table and how long a round takes (from bet to settlement). Poker
 * is player-vs-player: each settlement names the opponent.
 */
public record Game(
    String id, GameKind kind, PayoutTable payouts, int minRoundMillis, int maxRoundMillis) {

  public boolean playerVsPlayer() {
    return kind == GameKind.POKER_PVP;
  }
}

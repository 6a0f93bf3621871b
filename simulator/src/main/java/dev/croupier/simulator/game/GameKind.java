package dev.croupier.simulator.game;

/** Families of games; only poker is played between players (bets name a counterparty). */
public enum GameKind {
  SLOT,
  ROULETTE,
  BLACKJACK,
  POKER_PVP
}

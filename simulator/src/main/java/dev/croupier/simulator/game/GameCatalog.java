package dev.croupier.simulator.game;

import dev.croupier.simulator.population.Segment;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The platform's games and which segments play what. Return to player between about 93 % and 99.75
 * %; the largest single multiplier is 50× (slots) or 36× (roulette).
 */
public final class GameCatalog {
  public static final Game LUCKY_SEVENS =
      slot(
          "slot-lucky-sevens",
          new int[][] {
            {0, 59_000},
            {150, 21_000},
            {200, 11_000},
            {300, 5_000},
            {500, 3_000},
            {1_000, 800},
            {2_500, 200}
          });
  public static final Game FRUIT_FIESTA =
      slot(
          "slot-fruit-fiesta",
          new int[][] {
            {0, 58_000},
            {150, 20_000},
            {200, 14_000},
            {300, 4_500},
            {500, 2_500},
            {1_000, 800},
            {2_000, 200}
          });
  public static final Game GOLDEN_DRAGON =
      slot(
          "slot-golden-dragon",
          new int[][] {
            {0, 74_650},
            {200, 14_000},
            {300, 6_000},
            {500, 3_500},
            {1_000, 1_200},
            {2_500, 450},
            {5_000, 200}
          });
  public static final Game MEGA_VAULT =
      slot(
          "slot-mega-vault",
          new int[][] {
            {0, 85_000}, {200, 7_500}, {500, 4_000}, {1_000, 2_400}, {2_500, 800}, {5_000, 300}
          });

  /** European roulette: even-money, dozen and straight-up bets mixed 70/20/10. */
  public static final Game ROULETTE =
      new Game(
          "roulette-european",
          GameKind.ROULETTE,
          new PayoutTable(new int[][] {{0, 59_190}, {200, 34_054}, {300, 6_486}, {3_600, 270}}),
          20_000,
          35_000);

  public static final Game BLACKJACK =
      new Game(
          "blackjack-classic",
          GameKind.BLACKJACK,
          new PayoutTable(new int[][] {{0, 47_000}, {100, 8_500}, {200, 40_000}, {250, 4_500}}),
          8_000,
          30_000);

  /** Heads-up poker: the winner takes both stakes less a 5 % rake. */
  public static final Game POKER =
      new Game(
          "poker-holdem-duel",
          GameKind.POKER_PVP,
          new PayoutTable(new int[][] {{0, 47_000}, {100, 8_000}, {190, 45_000}}),
          30_000,
          90_000);

  public static final List<Game> ALL =
      List.of(LUCKY_SEVENS, FRUIT_FIESTA, GOLDEN_DRAGON, MEGA_VAULT, ROULETTE, BLACKJACK, POKER);

  // Weights over ALL, per segment (in Segment order).
  private static final int[][] PREFERENCES = {
    {35, 20, 20, 5, 10, 5, 5},
    {15, 10, 15, 5, 20, 15, 20},
    {0, 0, 5, 15, 35, 35, 10},
    {60, 40, 0, 0, 0, 0, 0}
  };

  private GameCatalog() {}

  /** A game for a session of a player in {@code segment}. */
  public static Game pick(Segment segment, SplittableRandom rng) {
    int[] weights = PREFERENCES[segment.ordinal()];
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int r = rng.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return ALL.get(i);
      }
    }
    return LUCKY_SEVENS;
  }

  private static Game slot(String id, int[][] table) {
    return new Game(id, GameKind.SLOT, new PayoutTable(table), 300, 1_500);
  }
}

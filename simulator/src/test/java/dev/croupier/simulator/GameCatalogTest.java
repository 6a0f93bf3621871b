package dev.croupier.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.simulator.game.Game;
import dev.croupier.simulator.game.GameCatalog;
import dev.croupier.simulator.game.PayoutGuard;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Realistic games, and a payout guard that keeps any run of 50 bets under 5× its stakes. */
class GameCatalogTest {

  @Test
  void shouldOfferGamesWithRealisticReturnToPlayer() {
    for (Game g : GameCatalog.ALL) {
      assertThat(g.payouts().rtp()).as(g.id()).isBetween(0.90, 1.0);
      assertThat(g.payouts().maxMultiplier()).as(g.id()).isLessThanOrEqualTo(5_000);
    }
  }

  @Test
  void shouldMatchTheTablesReturnToPlayerWhenDrawn() {
    SplittableRandom rng = new SplittableRandom(3);
    for (Game g : GameCatalog.ALL) {
      long staked = 0;
      long paid = 0;
      for (int i = 0; i < 400_000; i++) {
        staked += 100;
        paid += 100L * g.payouts().draw(rng) / 100;
      }
      assertThat(paid / (double) staked)
          .as(g.id())
          .isCloseTo(g.payouts().rtp(), Offset.offset(0.02));
    }
  }

  @Test
  void shouldKeepEveryRunOfFiftyBetsUnderFourTimesItsStakesEvenWhenLucky() {
    long minStake = 50;
    PayoutGuard guard = new PayoutGuard(minStake);
    SplittableRandom rng = new SplittableRandom(17);
    int n = 20_000;
    long[] stakes = new long[n];
    long[] payouts = new long[n];
    for (int i = 0; i < n; i++) {
      stakes[i] = minStake * (1 + rng.nextInt(4));
      long luckyDraw = rng.nextInt(10) < 3 ? stakes[i] * 20 : 0; // absurdly generous game
      payouts[i] = guard.admit(stakes[i], luckyDraw);
      assertThat(payouts[i]).isIn(0L, luckyDraw);
    }
    for (int from = 0; from < n; from += 37) {
      long s = 0;
      long p = 0;
      for (int to = from; to < Math.min(n, from + 2_000); to++) {
        s += stakes[to];
        p += payouts[to];
        if (to - from + 1 >= 50) {
          assertThat(p).as("bets %d..%d", from, to).isLessThanOrEqualTo(4 * s);
        }
      }
    }
  }
}

package dev.croupier.simulator.population;

import dev.croupier.simulator.engine.Seeds;
import dev.croupier.simulator.game.GameCatalog;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The background players 0..size-1 of a run, each derived from (seed, index), each with a {@link
 * Habit}. Households: every 40 players, two share a device, an IP and a card, and one household in
 * three has a third member: never more than three players per device or card, under the
 * multi-accounting threshold of four.
 */
public final class Population {
  private static final long PROFILE = 1;
  private static final long PLACE = 2;
  private static final long DEVICE = 3;
  private static final long IP = 4;
  private static final long INSTRUMENT = 5;
  private static final int HOUSEHOLD_EVERY = 40;

  private final long seed;
  private final int size;

  public Population(long seed, int size) {
    this.seed = seed;
    this.size = size;
  }

  public int size() {
    return size;
  }

  /** The userId of player {@code index} (background or scenario player alike). */
  public static String userId(int index) {
    return "u" + index;
  }

  /** The segment of player {@code index}, as {@link #profile(int)} would derive it. */
  public Segment segment(int index) {
    return Segment.at(new SplittableRandom(Seeds.derive(seed, PROFILE, index)).nextInt(1000));
  }

  public PlayerProfile profile(int index) {
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, PROFILE, index));
    Segment segment = Segment.at(rng.nextInt(1000));
    // households: players 40k and 40k+1 share a device, an IP and a card; one household in
    // three has a third member (40k+2)
    int member = index % HOUSEHOLD_EVERY;
    int head =
        member == 1 || (member == 2 && (index / HOUSEHOLD_EVERY) % 3 == 0) ? index - member : index;
    SplittableRandom place = new SplittableRandom(Seeds.derive(seed, PLACE, head));
    Currency currency = Currency.draw(place);
    String country = currency.country(place);
    Geo.City city = Geo.cityIn(country, place);
    double lat = city.latitude() + (place.nextDouble() - 0.5) * 0.3;
    double lon = city.longitude() + (place.nextDouble() - 0.5) * 0.3;
    Habit habit =
        segment == Segment.BOT
            ? Habit.STEADY
            : segment == Segment.HIGH_ROLLER
                    && rng.nextInt(100) < Habit.VOLATILE_HIGH_ROLLERS_PERCENT
                ? Habit.VOLATILE
                : Habit.at(rng.nextInt(1000));
    int deviceCount = rng.nextInt(100) < 35 && habit != Habit.TRAVELLER ? 2 : 1;
    int instrumentCount = rng.nextInt(100) < 30 ? 2 : 1;
    long base =
        segment.minBaseStake() + rng.nextLong(segment.maxBaseStake() - segment.minBaseStake() + 1);
    base = Math.max(10, base / 10 * 10) * currency.scale();
    boolean newcomer = rng.nextInt(100) < 15;
    return new PlayerProfile(
        index,
        userId(index),
        segment,
        currency,
        country,
        lat,
        lon,
        ids(
            deviceCount,
            k -> Seeds.hexId("d-", Seeds.derive(seed, DEVICE, k == 0 ? head : index, k))),
        ids(deviceCount, k -> ip(Seeds.derive(seed, IP, k == 0 ? head : index, k))),
        ids(
            instrumentCount,
            k -> instrument(Seeds.derive(seed, INSTRUMENT, k == 0 ? head : index, k))),
        base,
        newcomer,
        rng.nextBoolean() ? GameCatalog.LUCKY_SEVENS : GameCatalog.FRUIT_FIESTA,
        habit);
  }

  /** A background player other than {@code self}, e.g. a poker opponent. */
  public int other(int self, SplittableRandom rng) {
    if (size < 2) {
      throw new IllegalStateException("player-vs-player games need at least two players");
    }
    int other = rng.nextInt(size - 1);
    return other >= self ? other + 1 : other;
  }

  /** A public-looking IPv4 address from 64 random bits. */
  public static String ip(long bits) {
    int a = 11 + (int) Long.remainderUnsigned(bits, 180);
    if (a == 127 || a == 172 || a == 169) {
      a++;
    }
    return a
        + "."
        + ((bits >>> 8) & 0xFF)
        + "."
        + ((bits >>> 16) & 0xFF)
        + "."
        + (1 + ((bits >>> 24) & 0xFF) % 254);
  }

  /** A card or wallet fingerprint from 64 random bits. */
  public static String instrument(long bits) {
    return Seeds.hexId((bits & 3) == 0 ? "wallet-" : "card-", bits);
  }

  private static List<String> ids(int n, IntFunction<String> f) {
    String[] out = new String[n];
    for (int k = 0; k < n; k++) {
      out[k] = f.apply(k);
    }
    return List.of(out);
  }
}

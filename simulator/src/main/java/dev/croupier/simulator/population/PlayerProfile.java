package dev.croupier.simulator.population;

import dev.croupier.simulator.event.Access;
import dev.croupier.simulator.game.Game;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Who a background player is: segment, currency, home, devices, IPs, payment instruments and base
 * stake. Derived from the run's seed and the player's index whenever needed, never stored, so a
 * million players cost only their small mutable {@link Player} state.
 */
public record PlayerProfile(
    int index,
    String userId,
    Segment segment,
    Currency currency,
    String country,
    double homeLatitude,
    double homeLongitude,
    List<String> devices,
    List<String> ips,
    List<String> instruments,
    long baseStake,
    boolean newcomer,
    Game botGame,
    Habit habit) {

  /** The access of one login: mostly the first device and IP, coordinates within ~5 km of home. */
  public Access access(SplittableRandom rng) {
    if (habit == Habit.TRAVELLER) {
      int r = rng.nextInt(100);
      if (r < 10) { // a VPN exit on another continent: the same phone, geolocated far away
        return new Access(
            ips.get(0), devices.get(0), country, round(-homeLatitude), round(homeLongitude + 120));
      }
      if (r < 45) { // another city 200-600 km away; sessions are at least 2 h apart
        double degrees = (200 + rng.nextInt(400)) / 111.0;
        return new Access(
            ips.get(0),
            devices.get(0),
            country,
            round(homeLatitude + degrees),
            round(homeLongitude));
      }
    }
    String device = devices.size() > 1 && rng.nextInt(100) < 15 ? devices.get(1) : devices.get(0);
    String ip = ips.size() > 1 && rng.nextInt(100) < 20 ? ips.get(1) : ips.get(0);
    if (rng.nextInt(100) < 3) {
      return new Access(ip, device, country, null, null);
    }
    double lat = homeLatitude + (rng.nextDouble() - 0.5) * 0.09;
    double lon = homeLongitude + (rng.nextDouble() - 0.5) * 0.09;
    return new Access(ip, device, country, round(lat), round(lon));
  }

  /** The instrument of a deposit: mostly the first. */
  public String instrument(SplittableRandom rng) {
    return instruments.size() > 1 && rng.nextInt(100) < 20
        ? instruments.get(1)
        : instruments.get(0);
  }

  /** An amount in minor units of this player's currency for a scale-1 amount. */
  public long scaled(long amount) {
    return amount * currency.scale();
  }

  private static double round(double degrees) {
    return Math.round(degrees * 10_000) / 10_000.0;
  }
}

package dev.croupier.simulator.population;

import java.util.List;
import java.util.SplittableRandom;

/** Cities players live in, and great-circle distances between coordinates. */
public final class Geo {
  private static final double EARTH_RADIUS_KM = 6371.0;

  /** A city: ISO-3166 alpha-2 country and coordinates in degrees. */
  public record City(String name, String country, double latitude, double longitude) {}

  /** Where the platform's players live; the first currency's countries come first. */
  public static final List<City> CITIES =
      List.of(
          new City("Berlin", "DE", 52.520, 13.405), new City("Munich", "DE", 48.137, 11.575),
          new City("Hamburg", "DE", 53.551, 9.993), new City("Paris", "FR", 48.857, 2.352),
          new City("Lyon", "FR", 45.764, 4.836), new City("Madrid", "ES", 40.417, -3.704),
          new City("Barcelona", "ES", 41.385, 2.173), new City("Rome", "IT", 41.903, 12.496),
          new City("Milan", "IT", 45.464, 9.190), new City("Amsterdam", "NL", 52.368, 4.904),
          new City("Vienna", "AT", 48.208, 16.374), new City("Helsinki", "FI", 60.170, 24.938),
          new City("Dublin", "IE", 53.350, -6.260), new City("Lisbon", "PT", 38.722, -9.139),
          new City("Brussels", "BE", 50.850, 4.352), new City("Valletta", "MT", 35.899, 14.514),
          new City("London", "GB", 51.507, -0.128), new City("Manchester", "GB", 53.481, -2.243),
          new City("New York", "US", 40.713, -74.006), new City("Chicago", "US", 41.878, -87.630),
          new City("Zurich", "CH", 47.377, 8.541), new City("Stockholm", "SE", 59.329, 18.069),
          new City("Gothenburg", "SE", 57.709, 11.975), new City("Oslo", "NO", 59.914, 10.752),
          new City("Toronto", "CA", 43.653, -79.383), new City("Sydney", "AU", -33.869, 151.209),
          new City("Tokyo", "JP", 35.677, 139.650), new City("Sao Paulo", "BR", -23.551, -46.633),
          new City("Singapore", "SG", 1.352, 103.820),
              new City("Johannesburg", "ZA", -26.204, 28.047));

  private Geo() {}

  /** A city of {@code country}, chosen with {@code rng}; fails if the country has none. */
  public static City cityIn(String country, SplittableRandom rng) {
    List<City> in = CITIES.stream().filter(c -> c.country().equals(country)).toList();
    if (in.isEmpty()) {
      throw new IllegalArgumentException("no city known in " + country);
    }
    return in.get(rng.nextInt(in.size()));
  }

  /** A city at least {@code minKm} away from {@code from}, chosen with {@code rng}. */
  public static City farFrom(City from, double minKm, SplittableRandom rng) {
    List<City> far =
        CITIES.stream()
            .filter(
                c ->
                    distanceKm(from.latitude(), from.longitude(), c.latitude(), c.longitude())
                        >= minKm)
            .toList();
    return far.get(rng.nextInt(far.size()));
  }

  /** Haversine distance in km. */
  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.sin(dLon / 2)
                * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
  }
}

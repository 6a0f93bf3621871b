package dev.croupier.simulator;

import static dev.croupier.simulator.RuleOracle.HOUR;
import static dev.croupier.simulator.RuleOracle.MINUTE;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.simulator.RuleOracle.Finding;
import dev.croupier.simulator.population.Geo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The oracle of account-takeover, multi-accounting, card-testing and impossible-travel. Most
 * sensitive readings: a device or IP is "seen" only once a successful login or registration used
 * it; devices count from account and payment events alike; failed deposits may be spread over any
 * 10-minute window of the last day before the completed one.
 */
final class AccessRules {
  private record Use(long at, String user) {}

  private record Failure(long at, String instrument) {}

  private record Place(long at, double lat, double lon, String device) {}

  private final Consumer<Finding> found;
  private final Map<String, ArrayDeque<Long>> failedLogins = new HashMap<>();
  private final Map<String, Set<String>> seen = new HashMap<>();
  private final Map<String, Long> takeoverArmedSince = new HashMap<>();
  private final Map<String, ArrayDeque<Use>> deviceUses = new HashMap<>();
  private final Map<String, ArrayDeque<Use>> instrumentUses = new HashMap<>();
  private final Map<String, List<Failure>> failedDeposits = new HashMap<>();
  private final Map<String, Place> lastLogin = new HashMap<>();

  AccessRules(Consumer<Finding> found) {
    this.found = found;
  }

  void account(AccountEvent a, long at) {
    String user = a.getUserId();
    device(a.getDeviceId(), user, at);
    Set<String> known = seen.computeIfAbsent(user, u -> new HashSet<>());
    switch (a.getKind()) {
      case LOGIN_FAILED -> failedLogins.computeIfAbsent(user, u -> new ArrayDeque<>()).add(at);
      case LOGIN_SUCCEEDED -> {
        ArrayDeque<Long> failures = failedLogins.getOrDefault(user, new ArrayDeque<>());
        failures.removeIf(f -> at - f > 15 * MINUTE);
        boolean unseen =
            !known.contains("d:" + a.getDeviceId()) || !known.contains("i:" + a.getIp());
        if (failures.size() >= 5 && unseen) {
          takeoverArmedSince.put(user, failures.peekFirst());
        }
        travel(a, at);
        known.add("d:" + a.getDeviceId());
        known.add("i:" + a.getIp());
      }
      case REGISTERED -> {
        known.add("d:" + a.getDeviceId());
        known.add("i:" + a.getIp());
      }
      default -> {}
    }
  }

  /** A payout-details change or a withdrawal request: completes an armed takeover. */
  void sensitiveAction(String user, long at) {
    Long since = takeoverArmedSince.get(user);
    if (since != null && at - since <= 15 * MINUTE) {
      found.accept(new Finding("account-takeover", Set.of(user), at));
    }
  }

  private void travel(AccountEvent a, long at) {
    if (a.getLatitude() == null || a.getLongitude() == null) {
      return;
    }
    Place previous =
        lastLogin.put(
            a.getUserId(), new Place(at, a.getLatitude(), a.getLongitude(), a.getDeviceId()));
    if (previous != null && !java.util.Objects.equals(previous.device(), a.getDeviceId())) {
      // one device jumping is a VPN or proxy hop; under 100 km is IP geolocation's error
      double km = Geo.distanceKm(previous.lat(), previous.lon(), a.getLatitude(), a.getLongitude());
      double hours = (at - previous.at()) / (double) HOUR;
      if (km >= 100 && (hours <= 0 || km / hours > 900)) {
        found.accept(new Finding("impossible-travel", Set.of(a.getUserId()), at));
      }
    }
  }

  void device(String deviceId, String user, long at) {
    shared(deviceUses, deviceId, user, at);
  }

  void instrument(String instrumentId, String user, long at) {
    shared(instrumentUses, instrumentId, user, at);
  }

  private void shared(Map<String, ArrayDeque<Use>> uses, String key, String user, long at) {
    ArrayDeque<Use> q = uses.computeIfAbsent(key, k -> new ArrayDeque<>());
    while (!q.isEmpty() && at - q.peekFirst().at() > 24 * HOUR) {
      q.pollFirst();
    }
    if (q.isEmpty() || !q.peekLast().user().equals(user)) {
      q.add(new Use(at, user));
    } else {
      q.pollLast();
      q.add(new Use(at, user));
    }
    Set<String> users = new HashSet<>();
    for (Use u : q) {
      users.add(u.user());
    }
    if (users.size() >= 4) {
      found.accept(new Finding("multi-accounting", users, at));
    }
  }

  void depositFailed(String user, String instrument, long at) {
    List<Failure> fs = failedDeposits.computeIfAbsent(user, u -> new ArrayList<>());
    fs.removeIf(f -> at - f.at() > 24 * HOUR);
    fs.add(new Failure(at, instrument));
  }

  /** A completed deposit after ≥ 5 failures on ≥ 3 instruments within any 10 minutes. */
  void depositCompleted(String user, long at) {
    List<Failure> fs = failedDeposits.getOrDefault(user, List.of());
    for (int i = 0; i < fs.size(); i++) {
      Set<String> instruments = new HashSet<>();
      int n = 0;
      for (int j = i; j < fs.size() && fs.get(j).at() - fs.get(i).at() <= 10 * MINUTE; j++) {
        n++;
        instruments.add(fs.get(j).instrument());
      }
      if (n >= 5 && instruments.size() >= 3) {
        found.accept(new Finding("card-testing", Set.of(user), at));
        return;
      }
    }
  }
}

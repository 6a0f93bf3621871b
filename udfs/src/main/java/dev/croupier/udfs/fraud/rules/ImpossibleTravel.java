package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * {@code impossible-travel}: two consecutive successful logins of a player (with coordinates) at
 * least {@code min-distance-km} apart (100: closer pairs are within what IP geolocation gets wrong)
 * whose great-circle distance over the time between them exceeds {@code max-speed-kmh} (default
 * 900), the second from another device than the first unless {@code ignore-same-device} is false: a
 * device that jumps across the world within minutes is a VPN or proxy hop, a second person logs in
 * from a device of their own. Checking consecutive pairs suffices: by the triangle inequality a
 * fast pair of non-neighbours implies a fast pair of neighbours. The last login is dropped once
 * even half the Earth's circumference could be covered in time, so state is bounded in event time.
 */
public final class ImpossibleTravel extends LiveRuleFunction<ImpossibleTravel.Settings> {
  private static final long serialVersionUID = 1L;
  static final double EARTH_RADIUS_KM = 6371.0088;
  private static final double HALF_CIRCUMFERENCE_KM = Math.PI * EARTH_RADIUS_KM;

  /**
   * The rule {@code impossible-travel}: this function on the player timeline, fed {@link #accepts}.
   */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("impossible-travel"),
          Settings::from,
          ImpossibleTravel::accepts,
          ImpossibleTravel::new);

  /**
   * Thresholds; keys {@code max-speed-kmh}, {@code min-distance-km}, {@code ignore-same-device}.
   */
  public record Settings(
      RuleSettings rule, double maxSpeedKmh, double minDistanceKm, boolean ignoreSameDevice)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.HIGH, Duration.ofHours(1)),
          c.doubleAtLeast("max-speed-kmh", 900, 1),
          c.doubleAtLeast("min-distance-km", 100, 0),
          c.bool("ignore-same-device", true));
    }

    /** After this long no pair of logins can exceed the speed: the previous login can go. */
    public long horizonMs() {
      return (long) Math.ceil(HALF_CIRCUMFERENCE_KM / maxSpeedKmh * 3_600_000d);
    }
  }

  private transient ValueState<PlayerEvent> lastLogin;
  private transient ValueState<Long> cleanupAt;

  public ImpossibleTravel(RuleVersions<Settings> rule) {
    super(rule);
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isAccount(AccountEventKind.LOGIN_SUCCEEDED) && e.hasLocation();
  }

  /** Great-circle distance in km (haversine). */
  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.sin(dLon / 2)
                * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    lastLogin =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("last-login", Types.POJO(PlayerEvent.class)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  @Override
  protected void onEvent(
      PlayerEvent login, List<Settings> versions, ReadOnlyContext ctx, Alerts out)
      throws Exception {
    if (versions.isEmpty()) {
      return;
    }
    PlayerEvent prev = lastLogin.value();
    if (prev != null) {
      double km = distanceKm(prev.latitude, prev.longitude, login.latitude, login.longitude);
      double hours = (login.occurredAt - prev.occurredAt) / 3_600_000d;
      double speed = hours <= 0 ? (km > 0 ? Double.POSITIVE_INFINITY : 0) : km / hours;
      boolean sameDevice = login.deviceId != null && Objects.equals(prev.deviceId, login.deviceId);
      for (Settings v : versions) {
        if (speed > v.maxSpeedKmh()
            && km >= v.minDistanceKm()
            && !(sameDevice && v.ignoreSameDevice())) {
          out.emit(v.rule(), alert(v, prev, login, km, hours, speed));
        }
      }
    }
    lastLogin.update(login.idTimeAndPlace()); // what the next login is compared with, no more
    if (cleanupAt.value() == null) {
      long at = login.occurredAt + horizon(versions);
      ctx.timerService().registerEventTimeTimer(at);
      cleanupAt.update(at);
    }
  }

  private static long horizon(List<Settings> versions) {
    long most = 0;
    for (Settings v : versions) {
      most = Math.max(most, v.horizonMs());
    }
    return most;
  }

  private static FraudAlert alert(
      Settings v, PlayerEvent prev, PlayerEvent login, double km, double hours, double speed) {
    return AlertBuilder.of(v.rule(), login.userId)
        .evidence(prev)
        .evidence(login)
        .above("speedKmh", Double.isInfinite(speed) ? 2 * v.maxSpeedKmh() : speed, v.maxSpeedKmh())
        .attribute("distanceKm", String.format(Locale.ROOT, "%.1f", km))
        .attribute("minutes", String.format(Locale.ROOT, "%.1f", hours * 60))
        .attribute("fromCountry", prev.country)
        .attribute("toCountry", login.country)
        .attribute("fromDevice", prev.deviceId)
        .attribute("toDevice", login.deviceId)
        .summary(
            String.format(
                Locale.ROOT,
                "Successful logins %.0f km apart (%s to %s) within %.1f min: %.0f km/h",
                km,
                prev.country,
                login.country,
                hours * 60,
                Math.min(speed, 1e9)))
        .build();
  }

  @Override
  protected void onTimer(long timestamp, List<Settings> versions, OnTimerContext ctx, Alerts out)
      throws Exception {
    PlayerEvent prev = lastLogin.value();
    long expiry = prev == null ? timestamp : prev.occurredAt + horizon(versions);
    if (expiry <= timestamp) {
      lastLogin.clear();
      cleanupAt.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(expiry);
      cleanupAt.update(expiry);
    }
  }
}

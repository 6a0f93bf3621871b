package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.config.RuleSettings;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code impossible-travel}: two consecutive successful logins of a player (with coordinates) whose
 * great-circle distance over the time between them exceeds {@code max-speed-kmh} (default 900).
 * Checking consecutive pairs suffices: by the triangle inequality a fast pair of non-neighbours
 * implies a fast pair of neighbours. The last login is dropped once even half the Earth's
 * circumference could be covered in time, so state is bounded in event time.
 */
public final class ImpossibleTravel extends KeyedProcessFunction<String, PlayerEvent, FraudAlert> {
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

  /** Thresholds; key {@code max-speed-kmh}. */
  public record Settings(RuleSettings rule, double maxSpeedKmh) implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.HIGH, Duration.ofHours(1)),
          c.doubleAtLeast("max-speed-kmh", 900, 1));
    }

    /** After this long no pair of logins can exceed the speed: the previous login can go. */
    public long horizonMs() {
      return (long) Math.ceil(HALF_CIRCUMFERENCE_KM / maxSpeedKmh * 3_600_000d);
    }
  }

  private final Settings settings;
  private transient ValueState<PlayerEvent> lastLogin;
  private transient ValueState<Long> cleanupAt;

  public ImpossibleTravel(Settings settings) {
    this.settings = settings;
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
  public void open(OpenContext openContext) {
    lastLogin =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("last-login", Types.POJO(PlayerEvent.class)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  @Override
  public void processElement(PlayerEvent login, Context ctx, Collector<FraudAlert> out)
      throws Exception {
    PlayerEvent prev = lastLogin.value();
    if (prev != null) {
      double km = distanceKm(prev.latitude, prev.longitude, login.latitude, login.longitude);
      double hours = (login.occurredAt - prev.occurredAt) / 3_600_000d;
      double speed = hours <= 0 ? (km > 0 ? Double.POSITIVE_INFINITY : 0) : km / hours;
      if (speed > settings.maxSpeedKmh()) {
        out.collect(alert(prev, login, km, hours, speed));
      }
    }
    lastLogin.update(login);
    if (cleanupAt.value() == null) {
      long at = login.occurredAt + settings.horizonMs();
      ctx.timerService().registerEventTimeTimer(at);
      cleanupAt.update(at);
    }
  }

  private FraudAlert alert(
      PlayerEvent prev, PlayerEvent login, double km, double hours, double speed) {
    return AlertBuilder.of(settings.rule(), login.userId)
        .evidence(prev)
        .evidence(login)
        .above(
            "speedKmh",
            Double.isInfinite(speed) ? 2 * settings.maxSpeedKmh() : speed,
            settings.maxSpeedKmh())
        .attribute("distanceKm", String.format(Locale.ROOT, "%.1f", km))
        .attribute("minutes", String.format(Locale.ROOT, "%.1f", hours * 60))
        .attribute("fromCountry", prev.country)
        .attribute("toCountry", login.country)
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
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FraudAlert> out)
      throws Exception {
    PlayerEvent prev = lastLogin.value();
    long expiry = prev == null ? timestamp : prev.occurredAt + settings.horizonMs();
    if (expiry <= timestamp) {
      lastLogin.clear();
      cleanupAt.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(expiry);
      cleanupAt.update(expiry);
    }
  }
}

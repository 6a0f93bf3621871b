package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.EventMark;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.TakeoverWatch;
import dev.croupier.udfs.fraud.TakeoverWatch.SeenLogin;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * {@code account-takeover}: at least {@code min-failed-logins} (5) failed logins, then a successful
 * login from a device or IP not seen for the player before (in a registration or successful login
 * of the last {@code known-device-ttl}, 90 days), then a payout-details change or a withdrawal
 * request, all within {@code window} (15 min, inclusive, from the first of those failed logins).
 *
 * <p>A sequence rule evaluated in this keyed function (see {@link RapidCashout}). It keeps the
 * player's known devices and IPs (at most {@value #MAX_KNOWN} each, forgotten {@code
 * known-device-ttl} after last seen), the failed logins of the longest running window, and the
 * successful logins that came while an attack was possible. At a sensitive action each running
 * version takes the earliest burst of failures (the latest {@code min-failed-logins} failures up to
 * one of them, within its window) that no earlier case of it used, then the first login after the
 * burst that is new to the player under its {@code known-device-ttl}.
 */
public final class AccountTakeover extends LiveRuleFunction<AccountTakeover.Settings> {
  private static final long serialVersionUID = 1L;

  /** Bound on the devices (and on the IPs) remembered per player. */
  public static final int MAX_KNOWN = 64;

  /** The rule {@code account-takeover}: this function on the player timeline. */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("account-takeover"),
          Settings::from,
          AccountTakeover::accepts,
          AccountTakeover::new);

  /** Thresholds; keys {@code min-failed-logins}, {@code window}, {@code known-device-ttl}. */
  public record Settings(
      RuleSettings rule, int minFailedLogins, Duration window, Duration knownDeviceTtl)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.CRITICAL, Duration.ofHours(1)),
          c.intBetween("min-failed-logins", 5, 1, 1_000),
          c.duration("window", Duration.ofMinutes(15)),
          c.duration("known-device-ttl", Duration.ofDays(90)));
    }
  }

  private transient ValueState<TakeoverWatch> watch;
  private transient ValueState<Long> cleanupAt;
  private transient MapState<String, Long> knownDevices;
  private transient MapState<String, Long> knownIps;
  private transient ValueState<Long> knownCleanupAt;

  public AccountTakeover(RuleVersions<Settings> rule) {
    super(rule);
  }

  /** Logins, registrations, payout-details changes and withdrawal requests. */
  public static boolean accepts(PlayerEvent e) {
    return e.isAccount(AccountEventKind.LOGIN_FAILED)
        || e.isAccount(AccountEventKind.LOGIN_SUCCEEDED)
        || e.isAccount(AccountEventKind.REGISTERED)
        || e.isAccount(AccountEventKind.PAYOUT_DETAILS_CHANGED)
        || e.isPayment(PaymentKind.WITHDRAWAL, PaymentStatus.REQUESTED);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    watch =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("takeover-watch", Types.POJO(TakeoverWatch.class)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
    knownDevices =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("known-devices", Types.STRING, Types.LONG));
    knownIps =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("known-ips", Types.STRING, Types.LONG));
    knownCleanupAt =
        getRuntimeContext().getState(new ValueStateDescriptor<>("known-cleanup-at", Types.LONG));
  }

  @Override
  protected void onEvent(PlayerEvent e, List<Settings> versions, ReadOnlyContext ctx, Alerts out)
      throws Exception {
    if (versions.isEmpty()) {
      return;
    }
    long keep = 0;
    int fewest = Integer.MAX_VALUE;
    long ttl = 0;
    for (Settings v : versions) {
      keep = Math.max(keep, v.window().toMillis());
      fewest = Math.min(fewest, v.minFailedLogins());
      ttl = Math.max(ttl, v.knownDeviceTtl().toMillis());
    }
    TakeoverWatch w = watch.value();
    if (w != null) {
      w.evictBefore(e.occurredAt - keep);
    }
    boolean attackPossible = w != null && w.failures.size() >= fewest;
    if (e.isAccount(AccountEventKind.LOGIN_FAILED)) {
      w = w == null ? new TakeoverWatch() : w;
      w.failures.add(e.idAndTime()); // a failure is only counted and named as evidence
    } else if (e.isAccount(AccountEventKind.LOGIN_SUCCEEDED)) {
      if (attackPossible) {
        w.logins.add(SeenLogin.of(e, lastSeen(knownDevices, e.deviceId), lastSeen(knownIps, e.ip)));
      }
      remember(e, ttl, ctx);
    } else if (e.isAccount(AccountEventKind.REGISTERED)) {
      remember(e, ttl, ctx);
    } else if (attackPossible) {
      for (Settings v : versions) {
        judge(e, w, v, out);
      }
    }
    if (w == null || w.isEmpty()) {
      watch.clear();
      return;
    }
    w.matched.keySet().retainAll(versions.stream().map(v -> v.rule().version()).toList());
    watch.update(w);
    if (cleanupAt.value() == null) {
      long at = w.newestAt() + keep;
      ctx.timerService().registerEventTimeTimer(at);
      cleanupAt.update(at);
    }
  }

  /** Alerts if {@code action} completes a case under {@code v}. */
  private static void judge(PlayerEvent action, TakeoverWatch w, Settings v, Alerts out) {
    EventMark mark = w.matched.get(v.rule().version());
    List<PlayerEvent> f = w.failures;
    int n = v.minFailedLogins();
    long windowMs = v.window().toMillis();
    for (int end = n - 1; end < f.size(); end++) {
      PlayerEvent first = f.get(end - n + 1);
      if ((mark != null && !mark.before(first))
          || first.occurredAt < f.get(end).occurredAt - windowMs
          || action.occurredAt - first.occurredAt > windowMs) {
        continue;
      }
      SeenLogin login = firstNewLogin(w, f.get(end), action, v);
      if (login != null) {
        out.emit(v.rule(), alert(v, f.subList(end - n + 1, end + 1), login, action));
        w.matched.put(v.rule().version(), EventMark.of(action));
        return;
      }
    }
  }

  private static SeenLogin firstNewLogin(
      TakeoverWatch w, PlayerEvent burstEnd, PlayerEvent action, Settings v) {
    EventMark after = EventMark.of(burstEnd);
    EventMark until = EventMark.of(action);
    long ttl = v.knownDeviceTtl().toMillis();
    for (SeenLogin s : w.logins) {
      if (after.before(s.login) && !until.before(s.login)) {
        boolean newDevice = isNew(s.login.deviceId, s.deviceLastSeen, s.login.occurredAt, ttl);
        boolean newIp = isNew(s.login.ip, s.ipLastSeen, s.login.occurredAt, ttl);
        if (newDevice || newIp) {
          return s;
        }
      }
    }
    return null;
  }

  /** A null device or IP is never new: nothing to compare, not evidence of a new device. */
  private static boolean isNew(String value, Long lastSeen, long at, long ttl) {
    return value != null && (lastSeen == null || lastSeen < at - ttl);
  }

  private static FraudAlert alert(
      Settings v, List<PlayerEvent> failures, SeenLogin s, PlayerEvent action) {
    PlayerEvent l = s.login;
    long ttl = v.knownDeviceTtl().toMillis();
    boolean newDevice = isNew(l.deviceId, s.deviceLastSeen, l.occurredAt, ttl);
    boolean newIp = isNew(l.ip, s.ipLastSeen, l.occurredAt, ttl);
    String detail =
        (newDevice ? "new device " : "known device ")
            + l.deviceId
            + ", "
            + (newIp ? "new IP " : "known IP ")
            + l.ip;
    String what =
        action.source == PlayerEvent.Source.PAYMENT
            ? "a withdrawal request"
            : "a payout-details change";
    long minutes = (action.occurredAt - failures.get(0).occurredAt) / 60_000;
    return AlertBuilder.of(v.rule(), action.userId)
        .evidence(failures)
        .evidence(l)
        .evidence(action)
        .atLeast("failedLogins", failures.size(), v.minFailedLogins())
        .attribute("login", detail)
        .attribute(
            "action",
            action.source == PlayerEvent.Source.PAYMENT
                ? "WITHDRAWAL_REQUEST"
                : "PAYOUT_DETAILS_CHANGED")
        .attribute("minutes", minutes)
        .attribute("window", v.window())
        .summary(
            failures.size()
                + " failed logins, a login from "
                + detail
                + ", then "
                + what
                + " within "
                + minutes
                + " min")
        .build();
  }

  private static Long lastSeen(MapState<String, Long> seen, String value) throws Exception {
    return value == null ? null : seen.get(value);
  }

  private void remember(PlayerEvent e, long ttl, ReadOnlyContext ctx) throws Exception {
    remember(knownDevices, e.deviceId, e.occurredAt);
    remember(knownIps, e.ip, e.occurredAt);
    if (knownCleanupAt.value() == null) {
      ctx.timerService().registerEventTimeTimer(e.occurredAt + ttl);
      knownCleanupAt.update(e.occurredAt + ttl);
    }
  }

  private static void remember(MapState<String, Long> seen, String value, long at)
      throws Exception {
    if (value == null) {
      return;
    }
    Long before = seen.get(value);
    seen.put(value, before == null ? at : Math.max(before, at));
    if (before == null) {
      int n = 0;
      String oldest = null;
      long oldestAt = Long.MAX_VALUE;
      for (Iterator<Map.Entry<String, Long>> it = seen.iterator(); it.hasNext(); ) {
        Map.Entry<String, Long> entry = it.next();
        n++;
        if (entry.getValue() < oldestAt) {
          oldestAt = entry.getValue();
          oldest = entry.getKey();
        }
      }
      if (n > MAX_KNOWN) {
        seen.remove(oldest);
      }
    }
  }

  @Override
  protected void onTimer(long timestamp, List<Settings> versions, OnTimerContext ctx, Alerts out)
      throws Exception {
    long keep = 0;
    long ttl = 0;
    for (Settings v : versions) {
      keep = Math.max(keep, v.window().toMillis());
      ttl = Math.max(ttl, v.knownDeviceTtl().toMillis());
    }
    Long due = cleanupAt.value();
    if (due != null && due <= timestamp) {
      TakeoverWatch w = watch.value();
      if (w == null || w.isEmpty() || w.newestAt() + keep <= timestamp) {
        watch.clear();
        cleanupAt.clear();
      } else {
        long at = w.newestAt() + keep;
        ctx.timerService().registerEventTimeTimer(at);
        cleanupAt.update(at);
      }
    }
    Long knownDue = knownCleanupAt.value();
    if (knownDue == null || knownDue > timestamp) {
      return;
    }
    long oldest =
        Math.min(
            forgetBefore(knownDevices, timestamp - ttl), forgetBefore(knownIps, timestamp - ttl));
    if (oldest == Long.MAX_VALUE) {
      knownCleanupAt.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(oldest + ttl);
      knownCleanupAt.update(oldest + ttl);
    }
  }

  /**
   * Removes entries last seen before {@code from}; returns the oldest remaining, or Long.MAX_VALUE.
   */
  private static long forgetBefore(MapState<String, Long> seen, long from) throws Exception {
    long oldest = Long.MAX_VALUE;
    for (Iterator<Map.Entry<String, Long>> it = seen.iterator(); it.hasNext(); ) {
      long lastSeen = it.next().getValue();
      if (lastSeen <= from) {
        it.remove();
      } else {
        oldest = Math.min(oldest, lastSeen);
      }
    }
    if (oldest == Long.MAX_VALUE) {
      seen.clear(); // an emptied map would otherwise stay behind as a state entry
    }
    return oldest;
  }
}

package dev.croupier.udfs.fraud.signals;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerSignal;
import dev.croupier.udfs.fraud.SlidingWindow;
import dev.croupier.udfs.fraud.SlidingWindowFunction;
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
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * Feeds the account-takeover pattern. Keeps the player's failed logins of the last {@code window}
 * and the devices and IPs of their registrations and successful logins (at most {@code
 * MAX_KNOWN} each, forgotten by an event-time timer {@code knownTtl} after they were last seen).
 * Emits:
 *
 * <ul>
 *   <li>FAILED_LOGINS at each failed login once the window holds {@code minFailed}: evidence the
 *       last {@code minFailed} failures, {@code firstAt} the earliest of them;
 *   <li>NEW_DEVICE_LOGIN for a successful login whose device or IP is not known for the player;
 *   <li>PAYOUT_DETAILS_CHANGED and WITHDRAWAL_REQUEST as they come;
 * </ul>
 *
 * the last two only while the window holds {@code minFailed} failures, since no match can complete
 * otherwise: CEP sees a handful of signals per attack and nothing for everyone else.
 */
public final class AccountTakeoverSignals extends SlidingWindowFunction<PlayerSignal> {
  private static final long serialVersionUID = 1L;
  /** Bound on the devices (and on the IPs) remembered per player. */
  public static final int MAX_KNOWN = 64;

  private final int minFailed;
  private final long knownTtlMs;
  private transient MapState<String, Long> knownDevices;
  private transient MapState<String, Long> knownIps;
  private transient ValueState<Long> knownCleanupAt;

  public AccountTakeoverSignals(int minFailed, Duration window, Duration knownTtl) {
    super(window);
    this.minFailed = minFailed;
    this.knownTtlMs = knownTtl.toMillis();
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isAccount(AccountEventKind.LOGIN_FAILED) || e.isAccount(AccountEventKind.LOGIN_SUCCEEDED)
        || e.isAccount(AccountEventKind.REGISTERED) || e.isAccount(AccountEventKind.PAYOUT_DETAILS_CHANGED)
        || e.isPayment(PaymentKind.WITHDRAWAL, PaymentStatus.REQUESTED);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    knownDevices = getRuntimeContext().getMapState(new MapStateDescriptor<>("known-devices", Types.STRING, Types.LONG));
    knownIps = getRuntimeContext().getMapState(new MapStateDescriptor<>("known-ips", Types.STRING, Types.LONG));
    knownCleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("known-cleanup-at", Types.LONG));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PlayerSignal> out) throws Exception {
    super.onTimer(timestamp, ctx, out);
    Long due = knownCleanupAt.value();
    if (due == null || due > timestamp) {
      return;
    }
    long oldest = Math.min(forgetBefore(knownDevices, timestamp - knownTtlMs),
        forgetBefore(knownIps, timestamp - knownTtlMs));
    if (oldest == Long.MAX_VALUE) {
      knownCleanupAt.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(oldest + knownTtlMs);
      knownCleanupAt.update(oldest + knownTtlMs);
    }
  }

  /** Removes entries last seen before {@code from}; returns the oldest remaining, or Long.MAX_VALUE. */
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

  private void scheduleForgetting(long lastSeen, TimerService timers) throws Exception {
    if (knownCleanupAt.value() == null) {
      timers.registerEventTimeTimer(lastSeen + knownTtlMs);
      knownCleanupAt.update(lastSeen + knownTtlMs);
    }
  }

  @Override
  protected boolean joinsWindow(PlayerEvent e) {
    return e.isAccount(AccountEventKind.LOGIN_FAILED);
  }

  @Override
  protected void onEvent(PlayerEvent e, SlidingWindow failures, Context ctx, Collector<PlayerSignal> out)
      throws Exception {
    boolean attacked = failures.size() >= minFailed;
    if (e.isAccount(AccountEventKind.LOGIN_FAILED)) {
      if (attacked) {
        out.collect(burst(e, failures.last(minFailed), failures.size()));
      }
    } else if (e.isAccount(AccountEventKind.LOGIN_SUCCEEDED)) {
      boolean newDevice = !known(knownDevices, e.deviceId, e.occurredAt);
      boolean newIp = !known(knownIps, e.ip, e.occurredAt);
      if (attacked && (newDevice || newIp)) {
        PlayerSignal s = PlayerSignal.of(PlayerSignal.Kind.NEW_DEVICE_LOGIN, e);
        s.detail = (newDevice ? "new device " : "known device ") + e.deviceId + ", " + (newIp ? "new IP " : "known IP ")
            + e.ip;
        out.collect(s);
      }
      remember(knownDevices, e.deviceId, e.occurredAt);
      remember(knownIps, e.ip, e.occurredAt);
      scheduleForgetting(e.occurredAt, ctx.timerService());
    } else if (e.isAccount(AccountEventKind.REGISTERED)) {
      remember(knownDevices, e.deviceId, e.occurredAt);
      remember(knownIps, e.ip, e.occurredAt);
      scheduleForgetting(e.occurredAt, ctx.timerService());
    } else if (attacked && e.isAccount(AccountEventKind.PAYOUT_DETAILS_CHANGED)) {
      out.collect(PlayerSignal.of(PlayerSignal.Kind.PAYOUT_DETAILS_CHANGED, e));
    } else if (attacked && e.isPayment(PaymentKind.WITHDRAWAL, PaymentStatus.REQUESTED)) {
      out.collect(PlayerSignal.of(PlayerSignal.Kind.WITHDRAWAL_REQUEST, e));
    }
  }

  private static PlayerSignal burst(PlayerEvent last, List<PlayerEvent> tightest, int inWindow) {
    PlayerSignal s = PlayerSignal.of(PlayerSignal.Kind.FAILED_LOGINS, last);
    s.evidence.clear();
    for (PlayerEvent f : tightest) {
      s.evidence.add(f.eventId);
    }
    s.firstAt = tightest.get(0).occurredAt;
    s.count = inWindow;
    return s;
  }

  private boolean known(MapState<String, Long> seen, String value, long at) throws Exception {
    if (value == null) {
      return true; // nothing to compare: not evidence of a new device
    }
    Long lastSeen = seen.get(value);
    return lastSeen != null && lastSeen >= at - knownTtlMs;
  }

  private static void remember(MapState<String, Long> seen, String value, long at) throws Exception {
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
}

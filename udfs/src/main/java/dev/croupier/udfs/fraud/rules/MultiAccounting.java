package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.LinkedPlayers;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * {@code multi-accounting}: at least {@code min-players} distinct players (default 4) on one
 * deviceId, or on one payment instrument, within {@code window} (24 h). Keyed by the device or the
 * instrument. Fires when a player joins and makes the count reach the threshold; the alert is about
 * that player, the others are related users. One link alerts at most once per cool-down (per
 * version); state is dropped by a timer once the longest window and cool-down have passed.
 *
 * <p>A blank link, or one of the {@code placeholders} (default {@link #DEFAULT_PLACEHOLDERS},
 * compared without case), is what a client sends when it has no real identifier: it links nobody,
 * and would otherwise put every such player on one key and alert on all of them.
 */
public final class MultiAccounting extends LiveRuleFunction<MultiAccounting.Settings> {
  private static final long serialVersionUID = 1L;

  /** Bound on the players one link remembers. */
  public static final int MAX_PLAYERS = 1_000;

  /** The identifiers that stand for "none" unless {@code placeholders} says otherwise. */
  public static final Set<String> DEFAULT_PLACEHOLDERS =
      Set.of(
          "unknown",
          "none",
          "null",
          "n/a",
          "0",
          "00000000-0000-0000-0000-000000000000",
          "ffffffff-ffff-ffff-ffff-ffffffffffff");

  /** What links the accounts. */
  public enum Link {
    DEVICE,
    INSTRUMENT;

    /** The key: the event's deviceId or instrumentId. */
    public String of(PlayerEvent e) {
      return this == DEVICE ? e.deviceId : e.instrumentId;
    }

    /**
     * Device: any payment or account event except a failed login (whoever fails a login is not
     * proven to be the player). Instrument: any payment event that names one.
     */
    public boolean accepts(PlayerEvent e) {
      if (of(e) == null) {
        return false;
      }
      if (this == INSTRUMENT) {
        return e.source == PlayerEvent.Source.PAYMENT;
      }
      return e.source == PlayerEvent.Source.PAYMENT
          || (e.source == PlayerEvent.Source.ACCOUNT
              && e.accountKind != AccountEventKind.LOGIN_FAILED);
    }
  }

  /** The rule {@code multi-accounting}: this function on a timeline per {@link Link}. */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Linked<>(
          RuleId.of("multi-accounting"),
          Settings::from,
          List.of(link(Link.DEVICE), link(Link.INSTRUMENT)));

  /** Thresholds; keys {@code min-players}, {@code window}, {@code placeholders}. */
  public record Settings(
      RuleSettings rule, int minPlayers, Duration window, Set<String> placeholders)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.MEDIUM, Duration.ofHours(24)),
          c.intBetween("min-players", 4, 2, MAX_PLAYERS),
          c.duration("window", Duration.ofHours(24)),
          c.words("placeholders", DEFAULT_PLACEHOLDERS));
    }

    /** Whether {@code linkValue} is blank or a placeholder: an identifier that links nobody. */
    public boolean isPlaceholder(String linkValue) {
      return linkValue == null
          || linkValue.isBlank()
          || placeholders.contains(linkValue.trim().toLowerCase(Locale.ROOT));
    }
  }

  private static FraudRule.Link<Settings> link(Link link) {
    return new FraudRule.Link<>(
        link.name().toLowerCase(Locale.ROOT),
        link::accepts,
        link::of,
        versions -> new MultiAccounting(versions, link));
  }

  private final Link link;
  private transient ValueState<LinkedPlayers> players;
  private transient ValueState<Long> cleanupAt;

  public MultiAccounting(RuleVersions<Settings> rule, Link link) {
    super(rule);
    this.link = link;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    players =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("linked-players", Types.POJO(LinkedPlayers.class)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  @Override
  protected void onEvent(PlayerEvent e, List<Settings> running, ReadOnlyContext ctx, Alerts out)
      throws Exception {
    // A placeholder links nobody: no alert and no state under the versions that call it one.
    List<Settings> versions =
        running.stream().filter(v -> !v.isPlaceholder(ctx.getCurrentKey())).toList();
    if (versions.isEmpty()) {
      return;
    }
    LinkedPlayers p = players.value();
    if (p == null) {
      p = new LinkedPlayers();
    }
    p.evictBefore(e.occurredAt - longestWindow(versions));
    // only time and ids are read back (order, window, evidence): the rest would just fill
    // checkpoints
    PlayerEvent before = p.latestByPlayer.put(e.userId, e.idAndTime());
    p.newestAt = e.occurredAt;
    p.capAt(MAX_PLAYERS);
    p.alerted.keySet().retainAll(versions.stream().map(v -> v.rule().version()).toList());
    for (Settings v : versions) {
      long from = e.occurredAt - v.window().toMillis();
      boolean joins = before == null || before.occurredAt < from;
      Long last = p.alerted.get(v.rule().version());
      boolean coolingDown = last != null && e.occurredAt - last < v.rule().coolDown().toMillis();
      List<PlayerEvent> linked = p.since(from);
      if (joins && linked.size() >= v.minPlayers() && !coolingDown) {
        out.emit(v.rule(), alert(v, e, linked, ctx.getCurrentKey()));
        p.alerted.put(v.rule().version(), e.occurredAt);
      }
    }
    players.update(p);
    if (cleanupAt.value() == null) {
      scheduleCleanup(p, versions, ctx.timerService());
    }
  }

  private FraudAlert alert(Settings v, PlayerEvent e, List<PlayerEvent> linked, String linkValue) {
    AlertBuilder alert = AlertBuilder.of(v.rule(), e.userId);
    for (PlayerEvent l : linked) {
      alert.evidence(l).related(l.userId);
    }
    String what = link == Link.DEVICE ? "device" : "payment instrument";
    return alert
        .atLeast("players", linked.size(), v.minPlayers())
        .attribute("link", link.name().toLowerCase(Locale.ROOT))
        .attribute(link == Link.DEVICE ? "deviceId" : "instrumentId", linkValue)
        .attribute("window", v.window())
        .detectedAt(e.occurredAt)
        .summary(
            linked.size()
                + " players used "
                + what
                + " "
                + linkValue
                + " within "
                + v.window().toHours()
                + " h")
        .build();
  }

  private static long longestWindow(List<Settings> versions) {
    long most = 0;
    for (Settings v : versions) {
      most = Math.max(most, v.window().toMillis());
    }
    return most;
  }

  /** When the link can be forgotten: no window can count its players, no cool-down is running. */
  private static long forgetAt(LinkedPlayers p, List<Settings> versions) {
    long at = p.newestAt + longestWindow(versions);
    for (Settings v : versions) {
      Long last = p.alerted.get(v.rule().version());
      if (last != null) {
        at = Math.max(at, last + v.rule().coolDown().toMillis());
      }
    }
    return at;
  }

  private void scheduleCleanup(LinkedPlayers p, List<Settings> versions, TimerService timers)
      throws Exception {
    long at = forgetAt(p, versions);
    timers.registerEventTimeTimer(at);
    cleanupAt.update(at);
  }

  @Override
  protected void onTimer(long timestamp, List<Settings> versions, OnTimerContext ctx, Alerts out)
      throws Exception {
    LinkedPlayers p = players.value();
    cleanupAt.clear();
    if (p == null) {
      return;
    }
    if (forgetAt(p, versions) <= timestamp) {
      players.clear();
    } else {
      scheduleCleanup(p, versions, ctx.timerService());
    }
  }
}

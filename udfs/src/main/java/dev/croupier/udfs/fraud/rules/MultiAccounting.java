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
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code multi-accounting}: at least {@code min-players} distinct players (default 4) on one
 * deviceId, or on one payment instrument, within {@code window} (24 h). Keyed by the device or the
 * instrument. Fires when a player joins and makes the count reach the threshold; the alert is about
 * that player, the others are related users. One link alerts at most once per cool-down; state is
 * dropped by a timer once the window and cool-down have passed.
 */
public final class MultiAccounting extends KeyedProcessFunction<String, PlayerEvent, FraudAlert> {
  private static final long serialVersionUID = 1L;

  /** Bound on the players one link remembers. */
  public static final int MAX_PLAYERS = 1_000;

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

  /** Thresholds; keys {@code min-players}, {@code window}. */
  public record Settings(RuleSettings rule, int minPlayers, Duration window)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.MEDIUM, Duration.ofHours(24)),
          c.intBetween("min-players", 4, 2, MAX_PLAYERS),
          c.duration("window", Duration.ofHours(24)));
    }
  }

  private static FraudRule.Link<Settings> link(Link link) {
    return new FraudRule.Link<>(
        link.name().toLowerCase(java.util.Locale.ROOT),
        link::accepts,
        link::of,
        settings -> new MultiAccounting(settings, link));
  }

  private final Settings settings;
  private final Link link;
  private transient ValueState<LinkedPlayers> players;
  private transient ValueState<Long> cleanupAt;

  public MultiAccounting(Settings settings, Link link) {
    this.settings = settings;
    this.link = link;
  }

  @Override
  public void open(OpenContext openContext) {
    players =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("linked-players", Types.POJO(LinkedPlayers.class)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  @Override
  public void processElement(PlayerEvent e, Context ctx, Collector<FraudAlert> out)
      throws Exception {
    LinkedPlayers p = players.value();
    if (p == null) {
      p = new LinkedPlayers();
    }
    p.evictBefore(e.occurredAt - settings.window().toMillis());
    boolean joins = p.latestByPlayer.put(e.userId, e) == null;
    p.newestAt = e.occurredAt;
    p.capAt(MAX_PLAYERS);
    long coolDown = settings.rule().coolDown().toMillis();
    boolean coolingDown = p.alertedAt != null && e.occurredAt - p.alertedAt < coolDown;
    if (joins && p.latestByPlayer.size() >= settings.minPlayers() && !coolingDown) {
      out.collect(alert(e, p.byTime(), ctx.getCurrentKey()));
      p.alertedAt = e.occurredAt;
    }
    players.update(p);
    if (cleanupAt.value() == null) {
      scheduleCleanup(p, ctx.timerService());
    }
  }

  private FraudAlert alert(PlayerEvent e, List<PlayerEvent> linked, String linkValue) {
    AlertBuilder alert = AlertBuilder.of(settings.rule(), e.userId);
    for (PlayerEvent l : linked) {
      alert.evidence(l).related(l.userId);
    }
    String what = link == Link.DEVICE ? "device" : "payment instrument";
    return alert
        .atLeast("players", linked.size(), settings.minPlayers())
        .attribute("link", link.name().toLowerCase(java.util.Locale.ROOT))
        .attribute(link == Link.DEVICE ? "deviceId" : "instrumentId", linkValue)
        .attribute("window", settings.window())
        .detectedAt(e.occurredAt)
        .summary(
            linked.size()
                + " players used "
                + what
                + " "
                + linkValue
                + " within "
                + settings.window().toHours()
                + " h")
        .build();
  }

  private void scheduleCleanup(LinkedPlayers p, org.apache.flink.streaming.api.TimerService timers)
      throws Exception {
    long at = p.newestAt + settings.window().toMillis();
    if (p.alertedAt != null) {
      at = Math.max(at, p.alertedAt + settings.rule().coolDown().toMillis());
    }
    timers.registerEventTimeTimer(at);
    cleanupAt.update(at);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FraudAlert> out)
      throws Exception {
    LinkedPlayers p = players.value();
    cleanupAt.clear();
    if (p == null) {
      return;
    }
    boolean windowOver = p.newestAt + settings.window().toMillis() <= timestamp;
    boolean coolDownOver =
        p.alertedAt == null || p.alertedAt + settings.rule().coolDown().toMillis() <= timestamp;
    if (windowOver && coolDownOver) {
      players.clear();
    } else {
      scheduleCleanup(p, ctx.timerService());
    }
  }
}

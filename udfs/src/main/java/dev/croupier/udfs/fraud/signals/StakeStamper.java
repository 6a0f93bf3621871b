package dev.croupier.udfs.fraud.signals;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.udfs.fraud.Money;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerSignal;
import dev.croupier.udfs.fraud.StakeLedger;
import java.time.Duration;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Pre-aggregates the bet stream for the CEP patterns that ask "how much was staked in between"
 * (rapid-cashout, bonus-abuse). An opening event (qualifying deposit, completed bonus) opens a
 * window of {@code window}; while one is open, bets add to a running total and the opening events
 * and withdrawal requests leave as signals stamped with that total, so CEP sees no bets at all and
 * the stake between two signals is the difference of their stamps. Registrations pass through when
 * asked for. The ledger is cleared by a timer when no window is open.
 */
public final class StakeStamper extends KeyedProcessFunction<String, PlayerEvent, PlayerSignal> {
  private static final long serialVersionUID = 1L;

  private final FilterFunction<PlayerEvent> opens;
  private final PlayerSignal.Kind openerKind;
  private final boolean forwardRegistrations;
  private final long windowMs;
  private transient ValueState<StakeLedger> ledger;

  public StakeStamper(
      FilterFunction<PlayerEvent> opens,
      PlayerSignal.Kind openerKind,
      boolean forwardRegistrations,
      Duration window) {
    this.opens = opens;
    this.openerKind = openerKind;
    this.forwardRegistrations = forwardRegistrations;
    this.windowMs = window.toMillis();
  }

  /** Whether a stamper needs to see {@code e} at all: bets, payments, registrations. */
  public static boolean accepts(PlayerEvent e) {
    return e.isBet()
        || e.source == PlayerEvent.Source.PAYMENT
        || e.isAccount(AccountEventKind.REGISTERED);
  }

  @Override
  public void open(OpenContext openContext) {
    ledger =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("stake-ledger", Types.POJO(StakeLedger.class)));
  }

  @Override
  public void processElement(PlayerEvent e, Context ctx, Collector<PlayerSignal> out)
      throws Exception {
    StakeLedger l = ledger.value();
    boolean open = l != null && e.occurredAt <= l.openUntil;
    if (e.isBet()) {
      if (open) {
        l.staked = Money.saturatedAdd(l.staked, e.stake); // bounded amounts, unbounded count
        ledger.update(l);
      }
    } else if (opens.filter(e)) {
      if (l == null) {
        l = new StakeLedger();
        ctx.timerService().registerEventTimeTimer(e.occurredAt + windowMs);
      }
      l.openUntil = Math.max(l.openUntil, e.occurredAt + windowMs);
      ledger.update(l);
      out.collect(stamped(openerKind, e, l));
    } else if (e.isPayment(PaymentKind.WITHDRAWAL, PaymentStatus.REQUESTED)) {
      if (open) {
        out.collect(stamped(PlayerSignal.Kind.WITHDRAWAL_REQUEST, e, l));
      }
    } else if (forwardRegistrations && e.isAccount(AccountEventKind.REGISTERED)) {
      out.collect(PlayerSignal.of(PlayerSignal.Kind.REGISTERED, e));
    }
  }

  private static PlayerSignal stamped(PlayerSignal.Kind kind, PlayerEvent e, StakeLedger l) {
    PlayerSignal s = PlayerSignal.of(kind, e);
    s.stakedSoFar = l.staked;
    return s;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PlayerSignal> out)
      throws Exception {
    StakeLedger l = ledger.value();
    if (l == null) {
      return;
    }
    if (l.openUntil <= timestamp) {
      ledger.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(l.openUntil);
    }
  }
}

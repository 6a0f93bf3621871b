package dev.croupier.udfs.fraud.signals;

import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerSignal;
import dev.croupier.udfs.fraud.SlidingWindow;
import dev.croupier.udfs.fraud.SlidingWindowFunction;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.util.Collector;

/**
 * Feeds the card-testing pattern. Keeps the player's failed deposits of the last {@code window};
 * at each failed deposit finds the shortest run of the latest failures that has {@code minFailed}
 * failures on {@code minInstruments} distinct instruments and emits it as a FAILED_DEPOSITS signal
 * ({@code firstAt} = the run's start, the latest start possible, so the pattern's "all within the
 * window" check is exact). A completed deposit passes as DEPOSIT_COMPLETED only while such a run
 * exists in the window.
 */
public final class CardTestingSignals extends SlidingWindowFunction<PlayerSignal> {
  private static final long serialVersionUID = 1L;

  private final int minFailed;
  private final int minInstruments;

  public CardTestingSignals(int minFailed, int minInstruments, Duration window) {
    super(window);
    this.minFailed = minFailed;
    this.minInstruments = minInstruments;
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isPayment(PaymentKind.DEPOSIT, PaymentStatus.FAILED)
        || e.isPayment(PaymentKind.DEPOSIT, PaymentStatus.COMPLETED);
  }

  @Override
  protected boolean joinsWindow(PlayerEvent e) {
    return e.paymentStatus == PaymentStatus.FAILED;
  }

  @Override
  protected void onEvent(PlayerEvent e, SlidingWindow failures, Context ctx, Collector<PlayerSignal> out) {
    int start = tightestRunStart(failures.events);
    if (start < 0) {
      return;
    }
    if (e.paymentStatus == PaymentStatus.FAILED) {
      List<PlayerEvent> run = failures.events.subList(start, failures.size());
      PlayerSignal s = PlayerSignal.of(PlayerSignal.Kind.FAILED_DEPOSITS, e);
      s.evidence.clear();
      Set<String> instruments = new HashSet<>();
      for (PlayerEvent f : run) {
        s.evidence.add(f.eventId);
        if (f.instrumentId != null) {
          instruments.add(f.instrumentId);
        }
      }
      s.firstAt = run.get(0).occurredAt;
      s.count = run.size();
      s.distinct = instruments.size();
      out.collect(s);
    } else {
      out.collect(PlayerSignal.of(PlayerSignal.Kind.DEPOSIT_COMPLETED, e));
    }
  }

  /** Index where the shortest qualifying run of the newest failures starts, or -1. */
  private int tightestRunStart(List<PlayerEvent> failures) {
    Set<String> instruments = new HashSet<>();
    int count = 0;
    for (int i = failures.size() - 1; i >= 0; i--) {
      count++;
      if (failures.get(i).instrumentId != null) {
        instruments.add(failures.get(i).instrumentId);
      }
      if (count >= minFailed && instruments.size() >= minInstruments) {
        return i;
      }
    }
    return -1;
  }
}

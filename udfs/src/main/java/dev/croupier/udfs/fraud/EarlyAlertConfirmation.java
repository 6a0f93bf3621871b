package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.metrics.CroupierMetrics;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Reconciles the early-alert track with the watermark track, keyed by alertId (which depends only
 * on rule, player and evidence, so both tracks give one alert the same id). Input 1 is the early
 * track's cooled-down alerts, input 2 the watermark track's (those that go to {@code risk.alerts}).
 * Output, for the early feed in Redis: {@code Right(alert)} to show, {@code Left(alert)} to
 * retract.
 *
 * <ul>
 *   <li>An early alert is shown at once, unless the watermark has already passed its detection time
 *       (the watermark track has decided by then, and said so here).
 *   <li>A watermark-track alert confirms it, or is shown now if the early track missed it, so the
 *       early feed holds every alert of {@code risk.alerts}.
 *   <li>When the watermark passes an early alert's detection time unconfirmed, it is retracted
 *       {@code retractionDelay} (processing time) later, unless the confirmation comes meanwhile.
 * </ul>
 *
 * <p><b>Why the delay.</b> On every channel the watermark track sends an alert before the watermark
 * that passes its detection time. But an operator's watermark is the least of its <em>active</em>
 * channels only: when a quiet live stream wakes up, the channels that were idle become active one
 * by one, and a channel that wakes up behind the others does not hold the watermark back. So the
 * watermark can pass an alert's detection time here, through one channel, a few milliseconds before
 * the alert itself arrives through another (seen in a test: a confirmed alert retracted and shown
 * again 40 ms later). The delay lets such a confirmation arrive; it is paid by retractions only,
 * which need out-of-order data.
 *
 * <p>Counts {@code croupier.earlyAlertsShown}, {@code earlyAlertsConfirmed}, {@code
 * earlyAlertsRetracted} and {@code alertsNotEarly}. State lives from an alert's first sighting
 * until the watermark passes its detection time, plus the delay for an unconfirmed early alert.
 */
public final class EarlyAlertConfirmation
    extends KeyedCoProcessFunction<String, FraudAlert, FraudAlert, Either<FraudAlert, FraudAlert>>
    implements ResultTypeQueryable<Either<FraudAlert, FraudAlert>> {
  private static final long serialVersionUID = 1L;

  public static final String SHOWN = "earlyAlertsShown";
  public static final String CONFIRMED = "earlyAlertsConfirmed";
  public static final String RETRACTED = "earlyAlertsRetracted";
  public static final String NOT_EARLY = "alertsNotEarly";

  private final long retractionDelayMs;
  private transient ValueState<FraudAlert> shownEarly;
  private transient ValueState<Boolean> confirmed;
  private transient Counter shown;
  private transient Counter confirmedCount;
  private transient Counter retracted;
  private transient Counter notEarly;

  /**
   * @param retractionDelay how long after the watermark passed an unconfirmed early alert's
   *     detection time its confirmation may still arrive (see the class comment)
   */
  public EarlyAlertConfirmation(Duration retractionDelay) {
    this.retractionDelayMs = retractionDelay.toMillis();
  }

  /** The output type: Left to retract, Right to show. */
  public static TypeInformation<Either<FraudAlert, FraudAlert>> type() {
    AvroTypeInfo<FraudAlert> alert = new AvroTypeInfo<>(FraudAlert.class);
    return Types.EITHER(alert, alert);
  }

  @Override
  public TypeInformation<Either<FraudAlert, FraudAlert>> getProducedType() {
    return type();
  }

  @Override
  public void open(OpenContext openContext) {
    shownEarly =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("shown-early", new AvroTypeInfo<>(FraudAlert.class)));
    confirmed =
        getRuntimeContext().getState(new ValueStateDescriptor<>("confirmed", Types.BOOLEAN));
    MetricGroup g = CroupierMetrics.of(getRuntimeContext().getMetricGroup());
    shown = g.counter(SHOWN);
    confirmedCount = g.counter(CONFIRMED);
    retracted = g.counter(RETRACTED);
    notEarly = g.counter(NOT_EARLY);
  }

  @Override
  public void processElement1(
      FraudAlert early, Context ctx, Collector<Either<FraudAlert, FraudAlert>> out)
      throws Exception {
    long at = early.getDetectedAt().toEpochMilli();
    if (at <= ctx.timerService().currentWatermark()
        || shownEarly.value() != null
        || confirmed.value() != null) {
      return;
    }
    shownEarly.update(early);
    ctx.timerService().registerEventTimeTimer(at);
    shown.inc();
    out.collect(Either.Right(early));
  }

  @Override
  public void processElement2(
      FraudAlert alert, Context ctx, Collector<Either<FraudAlert, FraudAlert>> out)
      throws Exception {
    if (confirmed.value() != null) {
      return;
    }
    confirmed.update(true);
    if (shownEarly.value() != null) {
      confirmedCount.inc();
      return;
    }
    notEarly.inc();
    out.collect(Either.Right(alert));
    ctx.timerService().registerEventTimeTimer(alert.getDetectedAt().toEpochMilli());
  }

  @Override
  public void onTimer(
      long timestamp, OnTimerContext ctx, Collector<Either<FraudAlert, FraudAlert>> out)
      throws Exception {
    FraudAlert early = shownEarly.value();
    if (early != null && confirmed.value() == null) {
      if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
        // The confirmation may still be on its way through a channel that just woke up
        ctx.timerService()
            .registerProcessingTimeTimer(
                ctx.timerService().currentProcessingTime() + retractionDelayMs);
        return;
      }
      retracted.inc();
      out.collect(Either.Left(early));
    }
    shownEarly.clear();
    confirmed.clear();
  }
}

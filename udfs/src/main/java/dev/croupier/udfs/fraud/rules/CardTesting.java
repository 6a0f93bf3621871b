package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.EventMark;
import dev.croupier.udfs.fraud.Money;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.SlidingWindow;
import dev.croupier.udfs.fraud.SlidingWindowRule;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code card-testing}: at least {@code min-failed-deposits} (5) failed deposits on at least {@code
 * min-instruments} (3) distinct instruments, then a completed deposit, all within {@code window}
 * (10 min, inclusive, from the first of those failures to the completed deposit). A failure with no
 * instrument counts as a failure, not as an instrument.
 *
 * <p>A sequence rule evaluated in this keyed function (see {@link RapidCashout}): the failed
 * deposits of the longest running window are held; at a completed deposit each running version
 * takes the earliest qualifying run of failures (the shortest run of failures up to some failure
 * that has enough failures and instruments) that no earlier case of it used.
 */
public final class CardTesting extends SlidingWindowRule<CardTesting.Settings> {
  private static final long serialVersionUID = 1L;

  /** The rule {@code card-testing}: this function on the player timeline. */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("card-testing"), Settings::from, CardTesting::accepts, CardTesting::new);

  /** Thresholds; keys {@code min-failed-deposits}, {@code min-instruments}, {@code window}. */
  public record Settings(
      RuleSettings rule, int minFailedDeposits, int minInstruments, Duration window)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.HIGH, Duration.ofHours(1)),
          c.intBetween("min-failed-deposits", 5, 1, 1_000),
          c.intBetween("min-instruments", 3, 1, 1_000),
          c.duration("window", Duration.ofMinutes(10)));
    }
  }

  public CardTesting(RuleVersions<Settings> rule) {
    super(rule);
  }

  /** Failed and completed deposits. */
  public static boolean accepts(PlayerEvent e) {
    return e.isPayment(PaymentKind.DEPOSIT, PaymentStatus.FAILED)
        || e.isPayment(PaymentKind.DEPOSIT, PaymentStatus.COMPLETED);
  }

  @Override
  protected long windowMs(Settings s) {
    return s.window().toMillis();
  }

  @Override
  protected boolean joinsWindow(PlayerEvent e) {
    return e.paymentStatus == PaymentStatus.FAILED;
  }

  @Override
  protected void onEvent(
      PlayerEvent e,
      SlidingWindow failures,
      List<Settings> versions,
      ReadOnlyContext ctx,
      Alerts out) {
    if (e.paymentStatus != PaymentStatus.COMPLETED) {
      return;
    }
    for (Settings v : versions) {
      EventMark mark = failures.matched.get(v.rule().version());
      List<PlayerEvent> unused = failures.events;
      int first = 0;
      while (first < unused.size() && mark != null && !mark.before(unused.get(first))) {
        first++;
      }
      unused = unused.subList(first, unused.size());
      for (int end = 0; end < unused.size(); end++) {
        int start = tightestRunStart(unused, end, v);
        if (start >= 0 && e.occurredAt - unused.get(start).occurredAt <= v.window().toMillis()) {
          out.emit(v.rule(), alert(v, unused.subList(start, end + 1), e));
          failures.matched.put(v.rule().version(), EventMark.of(e));
          break;
        }
      }
    }
  }

  /**
   * Where the shortest run of failures ending at {@code end}, within the window before it, with
   * enough failures and instruments starts; -1 if there is none.
   */
  private static int tightestRunStart(List<PlayerEvent> failures, int end, Settings v) {
    Set<String> instruments = new HashSet<>();
    long from = failures.get(end).occurredAt - v.window().toMillis();
    for (int i = end; i >= 0 && failures.get(i).occurredAt >= from; i--) {
      if (failures.get(i).instrumentId != null) {
        instruments.add(failures.get(i).instrumentId);
      }
      if (end - i + 1 >= v.minFailedDeposits() && instruments.size() >= v.minInstruments()) {
        return i;
      }
    }
    return -1;
  }

  private static FraudAlert alert(Settings v, List<PlayerEvent> run, PlayerEvent deposit) {
    Set<String> instruments = new HashSet<>();
    for (PlayerEvent f : run) {
      if (f.instrumentId != null) {
        instruments.add(f.instrumentId);
      }
    }
    long firstAt = run.get(0).occurredAt;
    return AlertBuilder.of(v.rule(), deposit.userId)
        .evidence(run)
        .evidence(deposit)
        .atLeast("failedDeposits", run.size(), v.minFailedDeposits())
        .atLeast("instruments", instruments.size(), v.minInstruments())
        .attribute("deposit", deposit.amount)
        .attribute("minutes", (deposit.occurredAt - firstAt) / 60_000)
        .attribute("window", v.window())
        .summary(
            run.size()
                + " failed deposits on "
                + instruments.size()
                + " instruments, then a deposit of "
                + Money.format(deposit.amount, deposit.currency)
                + " completed within "
                + (deposit.occurredAt - firstAt) / 60_000
                + " min")
        .build();
  }
}

package dev.croupier.simulator;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.simulator.event.SimEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An independent oracle of the default rules (docs/fraud.md), written from their definitions alone
 * and applied to the event stream in order. Where a definition leaves room, it takes the most
 * sensitive reading (sliding windows, inclusive bounds, any sub-window), so "the oracle finds
 * nothing" means no reasonable implementation of the rule fires. Bad records are ignored, as a job
 * dead-letters them.
 */
final class RuleOracle implements Consumer<SimEvent> {
  static final long SECOND = 1_000;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;

  /** A rule crossed: by which players (for multi-accounting all sharers), at what event time. */
  record Finding(String rule, Set<String> users, long at) {}

  private final List<Finding> findings = new ArrayList<>();
  private final MoneyRules money = new MoneyRules(this::found);
  private final AccessRules access = new AccessRules(this::found);
  private final PlayRules play = new PlayRules(this::found);

  List<Finding> findings() {
    return findings;
  }

  private void found(Finding f) {
    findings.add(f);
  }

  @Override
  public void accept(SimEvent e) {
    if (e.isBad()) {
      return;
    }
    if (e.value() instanceof BetPlaced b) {
      money.staked(b.getUserId(), b.getStake());
      play.placed(b, e.occurredAt());
    } else if (e.value() instanceof BetSettled s) {
      play.settled(s, e.occurredAt());
    } else if (e.value() instanceof PaymentEvent p) {
      payment(p, e.occurredAt());
    } else if (e.value() instanceof AccountEvent a) {
      access.account(a, e.occurredAt());
      if (a.getKind() == AccountEventKind.PAYOUT_DETAILS_CHANGED) {
        access.sensitiveAction(a.getUserId(), e.occurredAt());
      }
    }
  }

  private void payment(PaymentEvent p, long at) {
    access.device(p.getDeviceId(), p.getUserId(), at);
    if (p.getInstrumentId() != null) {
      access.instrument(p.getInstrumentId(), p.getUserId(), at);
    }
    String user = p.getUserId();
    if (p.getKind() == PaymentKind.DEPOSIT && p.getStatus() == PaymentStatus.COMPLETED) {
      money.depositCompleted(user, p.getAmount(), at);
      access.depositCompleted(user, at);
    } else if (p.getKind() == PaymentKind.DEPOSIT && p.getStatus() == PaymentStatus.FAILED) {
      access.depositFailed(user, p.getInstrumentId(), at);
    } else if (p.getKind() == PaymentKind.BONUS && p.getStatus() == PaymentStatus.COMPLETED) {
      money.bonusCompleted(user, p.getAmount(), at);
    } else if (p.getKind() == PaymentKind.WITHDRAWAL && p.getStatus() == PaymentStatus.REQUESTED) {
      money.withdrawalRequested(user, p.getAmount(), at);
      access.sensitiveAction(user, at);
    }
  }

  static boolean isLoss(BetSettled s) {
    return s.getOutcome() == BetOutcome.LOSS;
  }
}

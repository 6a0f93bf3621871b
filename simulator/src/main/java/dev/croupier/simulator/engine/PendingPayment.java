package dev.croupier.simulator.engine;

import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.simulator.event.Access;
import dev.croupier.simulator.event.EventFactory.PaymentRef;
import dev.croupier.simulator.event.SimEvent;

/**
 * The later outcome of a withdrawal request, possibly after the session ended. A FAILED or REVERSED
 * withdrawal gives the money back to the player's balance when it is emitted.
 */
final class PendingPayment extends Actor {
  private final Player player;
  private final String userId;
  private final PaymentRef payment;
  private final PaymentStatus status;
  private final Access access;

  PendingPayment(
      Player player,
      String userId,
      PaymentRef payment,
      PaymentStatus status,
      Access access,
      long at) {
    super(at);
    this.player = player;
    this.userId = userId;
    this.payment = payment;
    this.status = status;
    this.access = access;
  }

  @Override
  protected SimEvent act(World world) {
    SimEvent e = world.events().payment(userId, nextAt, payment, status, access);
    if (status != PaymentStatus.COMPLETED) {
      player.credited(payment.amount());
    }
    nextAt = DONE;
    return e;
  }
}

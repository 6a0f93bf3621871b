package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Test events, built as the Avro records of the topics and converted like the job does. */
public final class Events {
  /** A fixed start of every story. */
  public static final long T0 = Instant.parse("2025-03-01T12:00:00Z").toEpochMilli();

  private static final AtomicLong SEQ = new AtomicLong();

  private Events() {}

  public static long at(Duration sinceT0) {
    return T0 + sinceT0.toMillis();
  }

  public static long sec(double seconds) {
    return T0 + Math.round(seconds * 1000);
  }

  public static long min(double minutes) {
    return T0 + Math.round(minutes * 60_000);
  }

  private static String id(String kind) {
    return kind + "-" + SEQ.incrementAndGet();
  }

  public static PlayerEvent bet(String user, long at, long stake) {
    return PlayerEvent.of(BetPlaced.newBuilder().setEventId(id("bet")).setOccurredAt(Instant.ofEpochMilli(at))
        .setUserId(user).setBetId(id("b")).setGameId("roulette").setRoundId(id("r")).setSessionId("s-" + user)
        .setStake(stake).setCurrency("EUR").build());
  }

  public static PlayerEvent settled(String user, long at, BetOutcome outcome, long stake, long payout,
      String counterparty) {
    return PlayerEvent.of(BetSettled.newBuilder().setEventId(id("settled")).setOccurredAt(Instant.ofEpochMilli(at))
        .setUserId(user).setBetId(id("b")).setGameId("poker").setRoundId(id("r")).setOutcome(outcome)
        .setStake(stake).setPayout(payout).setCurrency("EUR").setCounterpartyUserId(counterparty).build());
  }

  public static PlayerEvent payment(String user, long at, PaymentKind kind, PaymentStatus status, long amount,
      String instrument, String device) {
    return PlayerEvent.of(PaymentEvent.newBuilder().setEventId(id("pay")).setOccurredAt(Instant.ofEpochMilli(at))
        .setUserId(user).setPaymentId(id("p")).setKind(kind).setStatus(status).setAmount(amount)
        .setCurrency("EUR").setInstrumentId(instrument).setIp("10.0.0.1").setDeviceId(device).build());
  }

  public static PlayerEvent deposit(String user, long at, long amount) {
    return payment(user, at, PaymentKind.DEPOSIT, PaymentStatus.COMPLETED, amount, "card-" + user, "dev-" + user);
  }

  public static PlayerEvent failedDeposit(String user, long at, String instrument) {
    return payment(user, at, PaymentKind.DEPOSIT, PaymentStatus.FAILED, 5_000, instrument, "dev-" + user);
  }

  public static PlayerEvent withdrawal(String user, long at, long amount) {
    return payment(user, at, PaymentKind.WITHDRAWAL, PaymentStatus.REQUESTED, amount, "card-" + user, "dev-" + user);
  }

  public static PlayerEvent bonus(String user, long at, long amount) {
    return payment(user, at, PaymentKind.BONUS, PaymentStatus.COMPLETED, amount, null, "dev-" + user);
  }

  public static PlayerEvent account(String user, long at, AccountEventKind kind, String device, String ip) {
    return account(user, at, kind, device, ip, null, null, "DE");
  }

  public static PlayerEvent account(String user, long at, AccountEventKind kind, String device, String ip,
      Double lat, Double lon, String country) {
    return PlayerEvent.of(AccountEvent.newBuilder().setEventId(id("acc")).setOccurredAt(Instant.ofEpochMilli(at))
        .setUserId(user).setKind(kind).setIp(ip).setDeviceId(device).setCountry(country).setLatitude(lat)
        .setLongitude(lon).build());
  }

  public static PlayerEvent login(String user, long at, double lat, double lon, String country) {
    return account(user, at, AccountEventKind.LOGIN_SUCCEEDED, "dev-" + user, "10.0.0.1", lat, lon, country);
  }
}

package dev.croupier.jobs.fraud;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Seeded test traffic for the fraud job: legitimate players (sessions of logins, deposits, bets,
 * settlements, an occasional failed login or small withdrawal) that no rule may flag, plus one
 * scenario per rule with clear margins around the default thresholds (flink-conf/fraud-rules.yaml).
 * {@link #expected()} is the ground truth: exactly one alert per scenario (the bot's second burst
 * falls in the cool-down).
 */
public final class FraudTraffic {
  /** One record to produce to {@code topic}, keyed by its userId. */
  public record Produced(Topic<?> topic, String key, SpecificRecordBase record, long at) {}

  /** One alert the job must raise. */
  public record Expected(String ruleId, String userId) {}

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final double[][] CITIES = {
    {52.52, 13.405},
    {48.857, 2.352},
    {51.507, -0.128},
    {40.416, -3.704},
    {41.903, 12.496},
    {59.329, 18.069}
  };
  private static final double[] SYDNEY = {-33.869, 151.209};

  private final Random random;
  private final List<Produced> records = new ArrayList<>();
  private final Set<Expected> expected = new LinkedHashSet<>();
  private long seq;

  FraudTraffic(long seed) {
    this.random = new Random(seed);
  }

  /** Background traffic of {@code players} legitimate players plus one scenario per rule. */
  public static FraudTraffic generate(long seed, int players) {
    FraudTraffic t = new FraudTraffic(seed);
    for (int p = 0; p < players; p++) {
      t.legitimatePlayer(String.format("p%03d", p), p);
    }
    t.scenarios();
    // Topics carry events in event-time order per partition, give or take a second (well within
    // the job's 5 s out-of-orderness bound)
    Map<Produced, Long> sendAt = new IdentityHashMap<>();
    for (Produced r : t.records) {
      sendAt.put(r, r.at() + t.random.nextInt(1_000));
    }
    t.records.sort(Comparator.comparingLong(sendAt::get));
    return t;
  }

  public List<Produced> records() {
    return records;
  }

  public Set<Expected> expected() {
    return expected;
  }

  // ---- legitimate traffic ---------------------------------------------------------------------

  private void legitimatePlayer(String u, int index) {
    double[] home = CITIES[index % CITIES.length];
    String device =
        index % 20 <= 1 ? "tablet-family-" + index / 20 : "dev-" + u; // pairs share a tablet
    String ip = "10.1." + index / 250 + "." + index % 250;
    account(u, min(-30 * 24 * 60), AccountEventKind.REGISTERED, device, ip, home);
    long at = min(random.nextInt(60));
    for (int session = 0; session < 1 + random.nextInt(2); session++) {
      if (random.nextInt(5) == 0) {
        for (int f = 0; f < 1 + random.nextInt(2); f++) {
          account(u, at, AccountEventKind.LOGIN_FAILED, device, ip, home);
          at += 5_000;
        }
      }
      account(u, at, AccountEventKind.LOGIN_SUCCEEDED, device, ip, home);
      long deposit = 5_000 + 100L * random.nextInt(1_000);
      if (random.nextInt(8) == 0) {
        payment(
            u,
            at + 20_000,
            PaymentKind.DEPOSIT,
            PaymentStatus.FAILED,
            deposit,
            "card-" + u,
            device,
            ip);
      }
      at += 60_000;
      payment(
          u, at, PaymentKind.DEPOSIT, PaymentStatus.COMPLETED, deposit, "card-" + u, device, ip);
      int bets =
          10 + random.nextInt(15); // at most 48 bets of at most 10.00 in all: losses < 500.00
      for (int b = 0; b < bets; b++) {
        at += 15_000 + random.nextInt(45_000);
        long stake = 200 + 100L * random.nextInt(9); // 2.00 .. 10.00: total stakes < 500.00
        String opponent =
            random.nextInt(5) == 0 ? String.format("p%03d", random.nextInt(index + 1)) : null;
        betAndSettle(u, at, stake, u.equals(opponent) ? null : opponent);
      }
      if (random.nextInt(3) == 0) { // a small withdrawal, never most of a deposit
        at += 60_000;
        payment(
            u,
            at,
            PaymentKind.WITHDRAWAL,
            PaymentStatus.REQUESTED,
            deposit / 3,
            "card-" + u,
            device,
            ip);
      }
      account(u, at + 30_000, AccountEventKind.LOGOUT, device, ip, home);
      at += min(20 + random.nextInt(40)) - min(0);
    }
  }

  private void betAndSettle(String u, long at, long stake, String opponent) {
    bet(u, at, stake);
    int roll = random.nextInt(20);
    BetOutcome outcome = roll < 8 ? BetOutcome.WIN : roll < 19 ? BetOutcome.LOSS : BetOutcome.PUSH;
    long payout = outcome == BetOutcome.WIN ? 2 * stake : outcome == BetOutcome.PUSH ? stake : 0;
    settle(u, at + 4_000, outcome, stake, payout, opponent);
  }

  // ---- one scenario per rule --------------------------------------------------------------------

  private void scenarios() {
    // rapid-cashout: 500.00 in, 20.00 played (4 %), 480.00 (96 %) requested back 15 minutes later
    String l = "s-launder";
    account(l, min(9), AccountEventKind.LOGIN_SUCCEEDED, "dev-" + l, "20.0.0.1", CITIES[0]);
    payment(
        l,
        min(10),
        PaymentKind.DEPOSIT,
        PaymentStatus.COMPLETED,
        50_000,
        "card-" + l,
        "dev-" + l,
        "20.0.0.1");
    for (int i = 0; i < 4; i++) {
      betAndSettle(l, min(12 + i), 500, null);
    }
    payment(
        l,
        min(25),
        PaymentKind.WITHDRAWAL,
        PaymentStatus.REQUESTED,
        48_000,
        "card-" + l,
        "dev-" + l,
        "20.0.0.1");
    expect("rapid-cashout", l);

    // bet-velocity: 45 bets in 9 s, and again ten minutes later (inside the 1 h cool-down)
    String bot = "s-bot";
    account(bot, min(29), AccountEventKind.LOGIN_SUCCEEDED, "dev-" + bot, "20.0.0.2", CITIES[1]);
    for (int burst = 0; burst < 2; burst++) {
      for (int i = 0; i < 45; i++) {
        bet(bot, min(30 + 10 * burst) + 200L * i, 100);
      }
    }
    expect("bet-velocity", bot);

    // account-takeover: 7 failed logins, a login from an unknown device and IP, payout change,
    // withdrawal
    String v = "s-victim";
    account(v, min(-30 * 24 * 60), AccountEventKind.REGISTERED, "home-" + v, "20.0.0.3", CITIES[2]);
    account(v, min(5), AccountEventKind.LOGIN_SUCCEEDED, "home-" + v, "20.0.0.3", CITIES[2]);
    payment(
        v,
        min(6),
        PaymentKind.DEPOSIT,
        PaymentStatus.COMPLETED,
        20_000,
        "card-" + v,
        "home-" + v,
        "20.0.0.3");
    for (int i = 0; i < 7; i++) {
      account(
          v, min(50) + 25_000L * i, AccountEventKind.LOGIN_FAILED, "evil-device", "66.6.6.6", null);
    }
    account(v, min(54), AccountEventKind.LOGIN_SUCCEEDED, "evil-device", "66.6.6.6", null);
    account(v, min(56), AccountEventKind.PAYOUT_DETAILS_CHANGED, "evil-device", "66.6.6.6", null);
    payment(
        v,
        min(57),
        PaymentKind.WITHDRAWAL,
        PaymentStatus.REQUESTED,
        15_000,
        "iban-evil",
        "evil-device",
        "66.6.6.6");
    expect("account-takeover", v);

    // multi-accounting: four accounts on one phone within an hour
    for (int i = 1; i <= 4; i++) {
      String ma = "s-farm-" + i;
      account(
          ma,
          min(20 * i),
          AccountEventKind.LOGIN_SUCCEEDED,
          "farm-phone",
          "20.0.1." + i,
          CITIES[3]);
      payment(
          ma,
          min(20 * i + 1),
          PaymentKind.DEPOSIT,
          PaymentStatus.COMPLETED,
          1_000,
          "card-" + ma,
          "farm-phone",
          "20.0.1." + i);
    }
    expect("multi-accounting", "s-farm-4");

    // card-testing: 6 failed deposits on 4 cards in 4 minutes, then one goes through
    String c = "s-carder";
    account(c, min(69), AccountEventKind.LOGIN_SUCCEEDED, "dev-" + c, "20.0.0.5", CITIES[4]);
    for (int i = 0; i < 6; i++) {
      payment(
          c,
          min(70) + 45_000L * i,
          PaymentKind.DEPOSIT,
          PaymentStatus.FAILED,
          3_000,
          "stolen-" + (i % 4),
          "dev-" + c,
          "20.0.0.5");
    }
    payment(
        c,
        min(76),
        PaymentKind.DEPOSIT,
        PaymentStatus.COMPLETED,
        3_000,
        "stolen-3",
        "dev-" + c,
        "20.0.0.5");
    expect("card-testing", c);

    // bonus-abuse: registered, 25.00 bonus, 20.00 staked (< 125.00), withdrawal request
    String f = "s-farmer";
    account(f, min(15), AccountEventKind.REGISTERED, "dev-" + f, "20.0.0.6", CITIES[5]);
    payment(
        f,
        min(16),
        PaymentKind.BONUS,
        PaymentStatus.COMPLETED,
        2_500,
        null,
        "dev-" + f,
        "20.0.0.6");
    for (int i = 0; i < 4; i++) {
      betAndSettle(f, min(20 + i), 500, null);
    }
    payment(
        f,
        min(45),
        PaymentKind.WITHDRAWAL,
        PaymentStatus.REQUESTED,
        4_000,
        "card-" + f,
        "dev-" + f,
        "20.0.0.6");
    expect("bonus-abuse", f);

    // stake-anomaly: 30 stakes of about 5.00, then 300.00
    String w = "s-whale";
    for (int i = 0; i < 30; i++) {
      betAndSettle(w, min(30 + i), 450 + 10L * random.nextInt(11), null);
    }
    bet(w, min(61), 30_000);
    expect("stake-anomaly", w);

    // impossible-travel: Berlin, then Sydney an hour later
    String j = "s-jetset";
    account(j, min(10), AccountEventKind.LOGIN_SUCCEEDED, "dev-" + j, "20.0.0.8", CITIES[0]);
    // the second login is someone else's device: one device jumping would be a VPN hop
    account(j, min(70), AccountEventKind.LOGIN_SUCCEEDED, "dev-other-" + j, "20.0.0.9", SYDNEY);
    expect("impossible-travel", j);

    // payout-anomaly: 70 settled bets in 35 minutes paying 8x the stakes
    String x = "s-exploit";
    for (int i = 0; i < 70; i++) {
      bet(x, min(40) + 30_000L * i, 200);
      settle(x, min(40) + 30_000L * i + 2_000, BetOutcome.WIN, 200, 1_600, null);
    }
    expect("payout-anomaly", x);

    // chip-dumping: 8 x 100.00 lost to one partner within 40 minutes
    String d = "s-dumper";
    for (int i = 0; i < 8; i++) {
      bet(d, min(80 + 5 * i), 10_000);
      settle(d, min(80 + 5 * i) + 3_000, BetOutcome.LOSS, 10_000, 0, "s-partner");
      settle("s-partner", min(80 + 5 * i) + 3_000, BetOutcome.WIN, 10_000, 20_000, d);
    }
    expect("chip-dumping", d);
  }

  private void expect(String rule, String user) {
    expected.add(new Expected(rule, user));
  }

  // ---- records ----------------------------------------------------------------------------------

  private static long min(double minutes) {
    return T0.toEpochMilli() + Math.round(minutes * 60_000);
  }

  private String id(String kind) {
    return kind + "-" + (++seq);
  }

  private void bet(String u, long at, long stake) {
    records.add(
        new Produced(
            Topics.BETS,
            u,
            BetPlaced.newBuilder()
                .setEventId(id("bet"))
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setUserId(u)
                .setBetId("b-" + seq)
                .setGameId("slots-7")
                .setRoundId("r-" + seq)
                .setSessionId("s-" + u)
                .setStake(stake)
                .setCurrency("EUR")
                .build(),
            at));
  }

  private void settle(
      String u, long at, BetOutcome outcome, long stake, long payout, String counterparty) {
    records.add(
        new Produced(
            Topics.ROUNDS,
            u,
            BetSettled.newBuilder()
                .setEventId(id("settled"))
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setUserId(u)
                .setBetId("b-" + seq)
                .setGameId(counterparty == null ? "slots-7" : "poker")
                .setRoundId("r-" + seq)
                .setOutcome(outcome)
                .setStake(stake)
                .setPayout(payout)
                .setCurrency("EUR")
                .setCounterpartyUserId(counterparty)
                .build(),
            at));
  }

  private void payment(
      String u,
      long at,
      PaymentKind kind,
      PaymentStatus status,
      long amount,
      String instrument,
      String device,
      String ip) {
    records.add(
        new Produced(
            Topics.PAYMENTS,
            u,
            PaymentEvent.newBuilder()
                .setEventId(id("pay"))
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setUserId(u)
                .setPaymentId("pm-" + seq)
                .setKind(kind)
                .setStatus(status)
                .setAmount(amount)
                .setCurrency("EUR")
                .setInstrumentId(instrument)
                .setIp(ip)
                .setDeviceId(device)
                .build(),
            at));
  }

  private void account(
      String u, long at, AccountEventKind kind, String device, String ip, double[] where) {
    records.add(
        new Produced(
            Topics.ACCOUNTS,
            u,
            AccountEvent.newBuilder()
                .setEventId(id("acc"))
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setUserId(u)
                .setKind(kind)
                .setIp(ip)
                .setDeviceId(device)
                .setCountry("EU")
                .setLatitude(where == null ? null : where[0])
                .setLongitude(where == null ? null : where[1])
                .build(),
            at));
  }
}

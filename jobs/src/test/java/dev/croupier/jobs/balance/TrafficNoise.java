package dev.croupier.jobs.balance;

import dev.croupier.jobs.balance.Delivery.Fault;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What real producers add to clean traffic: duplicate deliveries (the same record again a little
 * later on its topic) and bad records (garbage bytes, a negative amount, an unknown schema id, an
 * event in another currency than the player's), seeded.
 */
final class TrafficNoise {
  private final Random random;
  private long counter;

  TrafficNoise(long seed) {
    this.random = new Random(seed);
  }

  private long amount(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  /** The same record delivered again, a little later on the same topic (a producer retry). */
  void addDuplicates(List<Delivery> out, int count) {
    for (int i = 0; i < count; i++) {
      int from = random.nextInt(out.size());
      Delivery original = out.get(from);
      if (original.isBad()) {
        i--;
        continue;
      }
      int to = Math.min(out.size(), from + 1 + random.nextInt(2_000));
      out.add(to, Delivery.good(original.topic(), original.key(), original.record()));
    }
  }

  void addBadRecords(List<Delivery> out, int count) {
    Fault[] faults = {
      Fault.GARBAGE_BYTES, Fault.NEGATIVE_AMOUNT, Fault.UNKNOWN_SCHEMA_ID, Fault.CURRENCY_MISMATCH
    };
    for (int i = 0; i < count; i++) {
      int after = random.nextInt(out.size());
      Delivery anchor = out.get(after);
      if (anchor.isBad()) {
        i--;
        continue;
      }
      // Inserted after a good record of the same player on the same topic, so for a currency
      // mismatch
      // the player's currency is already fixed when the bad record is read (one partition per
      // player).
      out.add(after + 1, bad(faults[i % faults.length], anchor));
    }
  }

  private Delivery bad(Fault fault, Delivery anchor) {
    String user = anchor.key();
    long at = ((Instant) anchor.record().get("occurredAt")).toEpochMilli() + 1;
    String currency = (String) anchor.record().get("currency");
    return switch (fault) {
      case GARBAGE_BYTES -> {
        byte[] junk = new byte[1 + random.nextInt(40)];
        random.nextBytes(junk);
        junk[0] = (byte) (1 + random.nextInt(100)); // never the magic byte 0
        yield new Delivery(anchor.topic(), user, null, junk, fault);
      }
      case NEGATIVE_AMOUNT ->
          new Delivery(
              Topics.PAYMENTS,
              user,
              BalanceTraffic.paymentEvent(
                  user + "-noise-" + (counter++) + "-negative",
                  user,
                  currency,
                  PaymentKind.DEPOSIT,
                  PaymentStatus.COMPLETED,
                  -amount(1, 10_000),
                  at),
              null,
              fault);
      case UNKNOWN_SCHEMA_ID -> new Delivery(anchor.topic(), user, anchor.record(), null, fault);
      case CURRENCY_MISMATCH ->
          new Delivery(anchor.topic(), user, inOtherCurrency(anchor, currency, at), null, fault);
      case NONE -> throw new IllegalArgumentException("not a fault");
    };
  }

  private SpecificRecordBase inOtherCurrency(Delivery anchor, String currency, long at) {
    String other = currency.equals("EUR") ? "CHF" : "EUR";
    String id = anchor.key() + "-noise-" + (counter++) + "-mismatch";
    if (anchor.record() instanceof BetPlaced b) {
      return BetPlaced.newBuilder(b)
          .setEventId(id)
          .setCurrency(other)
          .setOccurredAt(Instant.ofEpochMilli(at))
          .build();
    }
    if (anchor.record() instanceof BetSettled s) {
      return BetSettled.newBuilder(s)
          .setEventId(id)
          .setCurrency(other)
          .setOccurredAt(Instant.ofEpochMilli(at))
          .build();
    }
    return PaymentEvent.newBuilder((PaymentEvent) anchor.record())
        .setEventId(id)
        .setCurrency(other)
        .setOccurredAt(Instant.ofEpochMilli(at))
        .build();
  }
}

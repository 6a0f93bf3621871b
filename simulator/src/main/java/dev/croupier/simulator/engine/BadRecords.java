package dev.croupier.simulator.engine;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.event.BadRecordKind;
import dev.croupier.simulator.event.IdSequence;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.population.Population;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Draws, after each good event, whether a deliberately broken record follows (at {@code rate}),
 * alternating between the {@link BadRecordKind}s. Each bad record belongs to a player of its own.
 */
public final class BadRecords {
  private static final long BAD = 14;
  private final SplittableRandom rng;
  private final double rate;
  private long count;

  public BadRecords(long seed, double rate) {
    this.rng = new SplittableRandom(Seeds.derive(seed, BAD, 0));
    this.rate = rate;
  }

  /** A bad record to send right after {@code good}, or null. */
  SimEvent after(World world, SimEvent good) {
    if (rate <= 0 || rng.nextDouble() >= rate) {
      return null;
    }
    String userId = Population.userId(world.freshPlayerIndex());
    long at = good.occurredAt();
    IdSequence ids = world.events().ids();
    if (count++ % 2 == 0) {
      Topic<?> topic = Topics.INPUTS.get(rng.nextInt(Topics.INPUTS.size()));
      byte[] raw =
          ("{\"userId\":\"" + userId + "\",\"note\":\"json, not the wire format\"}")
              .getBytes(StandardCharsets.UTF_8);
      return new SimEvent(topic, userId, at, null, raw, BadRecordKind.NOT_WIRE_FORMAT);
    }
    BetPlaced negative =
        new BetPlaced(
            ids.nextEventId(),
            Instant.ofEpochMilli(at),
            userId,
            ids.nextBetId(),
            "slot-lucky-sevens",
            ids.nextRoundId(),
            ids.nextSessionId(),
            -(100 + rng.nextLong(4_900)),
            "EUR");
    return new SimEvent(Topics.BETS, userId, at, negative, null, BadRecordKind.NEGATIVE_STAKE);
  }
}

package dev.croupier.udfs.fraud.rules;

import static dev.croupier.udfs.fraud.Events.bet;
import static dev.croupier.udfs.fraud.Events.sec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.HarnessChain;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.TestRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BetVelocityTest {
  private static final long FAR_LATER = sec(3600);
  private HarnessChain chain;

  @BeforeEach
  void setUp() throws Exception {
    chain = HarnessChain.rule(TestRules.function(BetVelocity.RULE));
  }

  @AfterEach
  void tearDown() throws Exception {
    chain.close();
  }

  /** {@code n} bets of one player evenly spread over {@code spanSeconds}. */
  private static List<PlayerEvent> bets(String user, int n, double spanSeconds) {
    List<PlayerEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(bet(user, sec(spanSeconds * i / (n - 1)), 100));
    }
    return out;
  }

  private static List<String> ids(List<PlayerEvent> events) {
    return events.stream().map(e -> e.eventId).toList();
  }

  @Test
  void shouldAlertOnceWithTheThirtyBetsAsEvidence() throws Exception {
    // Given a bot placing 30 bets within 8.7 s, then five more
    List<PlayerEvent> burst = bets("bot", 30, 8.7);
    List<PlayerEvent> more =
        List.of(bet("bot", sec(9), 100), bet("bot", sec(9.2), 100), bet("bot", sec(9.4), 100));

    // When they pass the timeline and the rule
    chain
        .send(burst.toArray(PlayerEvent[]::new))
        .send(more.toArray(PlayerEvent[]::new))
        .watermark(sec(20));

    // Then exactly one alert names the 30 bets, first to last
    List<FraudAlert> alerts = chain.output();
    assertThat(alerts).hasSize(1);
    FraudAlert a = alerts.get(0);
    assertThat(a.getRuleId()).isEqualTo("bet-velocity");
    assertThat(a.getUserId()).isEqualTo("bot");
    assertThat(a.getEvidenceEventIds()).containsExactlyElementsOf(ids(burst));
    assertThat(a.getFirstEventAt().toEpochMilli()).isEqualTo(sec(0));
    assertThat(a.getLastEventAt().toEpochMilli()).isEqualTo(sec(8.7));
    assertThat(a.getAttributes())
        .containsEntry("bets", "30")
        .containsEntry("bets.threshold", ">= 30");
  }

  @Test
  void shouldCountTheWindowInclusively() throws Exception {
    // Given 30 bets with the first and the last exactly 10 s apart
    chain.send(bets("edge", 30, 10).toArray(PlayerEvent[]::new)).watermark(sec(20));

    // Then they are "within 10 s"
    assertThat(chain.<FraudAlert>output()).hasSize(1);
  }

  @Test
  void shouldNotAlertOnTwentyNineBets() throws Exception {
    chain.send(bets("fast", 29, 5).toArray(PlayerEvent[]::new)).watermark(sec(20));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldNotAlertWhenThirtyBetsSpanJustOverTheWindow() throws Exception {
    chain.send(bets("steady", 30, 10.5).toArray(PlayerEvent[]::new)).watermark(sec(20));
    assertThat(chain.<FraudAlert>output()).isEmpty();
  }

  @Test
  void shouldJudgeOutOfOrderBetsByEventTime() throws Exception {
    // Given the same bets arriving shuffled (all within the watermark bound): 30 within 9 s for one
    // player, 30 over 10.5 s for another
    List<PlayerEvent> fast = bets("shuffled-bot", 30, 9);
    List<PlayerEvent> slow = bets("shuffled-human", 30, 10.5);
    List<PlayerEvent> all = new ArrayList<>(fast);
    all.addAll(slow);
    Collections.shuffle(all, new Random(7));

    // When they arrive before the watermark passes any of them
    chain.send(all.toArray(PlayerEvent[]::new)).watermark(sec(20));

    // Then only the bot alerts, with its bets in event-time order
    List<FraudAlert> alerts = chain.output();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).getUserId()).isEqualTo("shuffled-bot");
    assertThat(alerts.get(0).getEvidenceEventIds()).containsExactlyElementsOf(ids(fast));
  }

  @Test
  void shouldDrainStateAndTimersOnceTheWindowHasPassed() throws Exception {
    // Given many players with a few bets each
    for (int p = 0; p < 200; p++) {
      chain.send(bets("p" + p, 5, 2).toArray(PlayerEvent[]::new));
    }
    chain.watermark(sec(5));
    assertThat(chain.keyedStateEntries()).isGreaterThan(0);

    // When event time moves well past every window
    chain.watermark(FAR_LATER);

    // Then no keyed state and no timer is left
    assertThat(chain.keyedStateEntries()).isZero();
    assertThat(chain.eventTimeTimers()).isZero();
  }
}

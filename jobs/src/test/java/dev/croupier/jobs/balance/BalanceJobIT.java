package dev.croupier.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.BalanceOracle.Expected;
import dev.croupier.jobs.common.CommittedRecords;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.testkit.flink.FailOnceAfterCheckpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The balance job end to end on the real test kit (Kafka, Apicurio registry, Redis, MiniCluster at
 * parallelism 2): ~100k events of 1,000 players with ~5 % duplicate deliveries and ~1 % bad
 * records; Redis hashes and the committed changelog must equal the plain-Java oracle, with and
 * without a failure and restore mid-stream.
 */
@ExtendWith(SharedServices.class)
class BalanceJobIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(150);
  private static final Pattern EVENT_IN_DETAIL = Pattern.compile("event (\\S+) is in");

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobFixture.miniCluster(new Configuration());

  private static List<Delivery> traffic;
  private static Map<String, Expected> expected;
  private static List<Delivery> bad;

  @BeforeAll
  static void generateTraffic() {
    traffic = BalanceTraffic.generate(20260301L, 1_000, 100, 0.05, 0.01);
    expected = BalanceOracle.of(traffic);
    bad = traffic.stream().filter(Delivery::isBad).toList();
  }

  @Test
  void shouldMatchTheOracleInRedisAndInTheCommittedChangelog(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    try (JobFixture run = new JobFixture("balance-plain", kafka, redis, registry)) {
      // Given the traffic on the three topics, When the job has processed it
      Run job = new Run(run, false);

      // Then Redis and the committed topics equal the oracle, and every bad record is a dead letter
      job.assertMatchesTheOracle();
    }
  }

  @Test
  void shouldMatchTheOracleAfterAFailureAndRestoreMidStream(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    try (JobFixture run = new JobFixture("balance-restore", kafka, redis, registry)) {
      // Given the traffic, When the job fails once after a completed checkpoint and restores
      Run job = new Run(run, true);

      // Then the results are those of a run without failure, and the failure really happened
      job.assertMatchesTheOracle();
      assertThat(run.exceptions(FLINK.getClientConfiguration()))
          .contains("Injected failure after a completed checkpoint");
    }
  }

  @Test
  void shouldMatchTheOracleWhenTheBetsAreReadInBurstsBehindTheOtherTopics(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    try (JobFixture run = new JobFixture("balance-skewed", kafka, redis, registry)) {
      // Given the traffic, When the bets are fetched in bursts 1.5 s apart and the settlements and
      // payments at full speed
      Run job = new Run(run, false, true);

      // Then the balances, changelog and dead letters are those of a free run (the oracle's)
      job.assertMatchesTheOracle();
    }
  }

  /**
   * The job over the traffic: the first half is produced, the job started, and once a checkpoint
   * has committed output the second half follows, so an injected failure hits mid-stream.
   */
  private static final class Run {
    final JobFixture run;
    final BalanceRun balance;
    final CommittedRecords out;

    Run(JobFixture run, boolean failOnce) throws Exception {
      this(run, failOnce, false);
    }

    /**
     * With {@code burstyBets} the bets source fetches at most 128 KB per partition every 1.5 s
     * while the other topics read freely.
     */
    Run(JobFixture run, boolean failOnce, boolean burstyBets) throws Exception {
      this.run = run;
      balance = new BalanceRun(run, Map.of());
      if (burstyBets) {
        balance.withBurstyBets();
      }
      out = balance.out;
      balance.startOnHalves(
          traffic,
          failOnce
              ? payments -> payments.map(new FailOnceAfterCheckpoint<>(8_000)).name("fail once")
              : null,
          TIMEOUT);
    }

    void assertMatchesTheOracle() {
      assertThat(out.pollUntil(this::reachedTheOracle, TIMEOUT))
          .as("committed outputs and Redis reached the oracle's seq for every player")
          .isTrue();
      assertChangelog();
      assertRedis();
      assertDeadLetters();
    }

    private Map<String, List<BalanceUpdated>> updatesByPlayer() {
      Map<String, List<BalanceUpdated>> byPlayer = new LinkedHashMap<>();
      for (BalanceUpdated u : out.of(Topics.BALANCES)) {
        byPlayer.computeIfAbsent(u.getUserId(), k -> new ArrayList<>()).add(u);
      }
      return byPlayer;
    }

    private boolean reachedTheOracle() {
      if (out.of(Topics.DLQ).size() < bad.size()) {
        return false;
      }
      Map<String, List<BalanceUpdated>> updates = updatesByPlayer();
      for (Map.Entry<String, Expected> e : expected.entrySet()) {
        List<BalanceUpdated> u = updates.get(e.getKey());
        if (u == null || u.get(u.size() - 1).getSeq() < e.getValue().seq) {
          return false;
        }
      }
      for (Map.Entry<String, Expected> e : expected.entrySet()) {
        String seq = run.redis().hget(redisKey(e.getKey()), "seq");
        if (seq == null || Long.parseLong(seq) < e.getValue().seq) {
          return false;
        }
      }
      return true;
    }

    private void assertChangelog() {
      Map<String, List<BalanceUpdated>> byPlayer = updatesByPlayer();
      assertThat(byPlayer.keySet()).isEqualTo(expected.keySet());
      expected.forEach(
          (user, want) -> {
            List<BalanceUpdated> updates = byPlayer.get(user);
            // Exactly once: seq 1..n, each once, in topic order; the last is the oracle's end state
            assertThat(updates)
                .extracting(BalanceUpdated::getSeq)
                .as(user)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, want.seq).boxed().toList());
            BalanceUpdated last = updates.get(updates.size() - 1);
            assertThat(totals(last)).as(user).containsExactly(totals(want));
            assertThat(last.getCurrency()).as(user).isEqualTo(want.currency);
            assertThat(want.lastEventCandidates()).as(user).contains(last.getLastEventId());
            assertThat(last.getUpdatedAt())
                .as(user)
                .isEqualTo(want.occurredAt.get(last.getLastEventId()));
          });
    }

    private void assertRedis() {
      assertThat(run.redis().keys(run.keyPrefix() + "balance:*")).hasSize(expected.size());
      expected.forEach(
          (user, want) -> {
            Map<String, String> hash = run.redis().hgetAll(redisKey(user));
            long[] stored = {
              Long.parseLong(hash.get("balance")), Long.parseLong(hash.get("deposited")),
              Long.parseLong(hash.get("withdrawn")), Long.parseLong(hash.get("staked")),
              Long.parseLong(hash.get("paidOut")), Long.parseLong(hash.get("bonus"))
            };
            assertThat(stored).as(user).containsExactly(totals(want));
            assertThat(hash)
                .as(user)
                .containsEntry("seq", String.valueOf(want.seq))
                .containsEntry("currency", want.currency);
            assertThat(want.lastEventCandidates()).as(user).contains(hash.get("lastEventId"));
            assertThat(hash.get("updatedAt"))
                .as(user)
                .isEqualTo(want.occurredAt.get(hash.get("lastEventId")).toString());
          });
    }

    /**
     * Exactly one dead letter per bad delivery: decoding failures by topic, reason and raw bytes;
     * the ledger's currency mismatches by topic, event id and the raw bytes as read (they reach the
     * ledger because the job runs with object reuse: a copied record loses them).
     */
    private void assertDeadLetters() {
      HexFormat hex = HexFormat.of();
      List<String> want = new ArrayList<>();
      for (Delivery d : bad) {
        String topic = run.topic(d.topic());
        String bytes = hex.formatHex(balance.producedBytes(d));
        want.add(
            switch (d.fault()) {
              case GARBAGE_BYTES -> topic + "|" + bytes;
              case NEGATIVE_AMOUNT -> topic + "|field-rule|" + bytes;
              case UNKNOWN_SCHEMA_ID -> topic + "|unknown-schema-id|" + bytes;
              case CURRENCY_MISMATCH ->
                  topic + "|currency-mismatch|" + d.record().get("eventId") + "|" + bytes;
              case NONE -> throw new IllegalStateException("not bad: " + d);
            });
      }
      List<String> got = new ArrayList<>();
      for (DeadLetter l : out.of(Topics.DLQ)) {
        String reason = l.getReason();
        if (reason.equals("currency-mismatch")) {
          Matcher m = EVENT_IN_DETAIL.matcher(l.getDetail());
          String read = l.getValue() == null ? "" : hex.formatHex(bytesOf(l));
          got.add(
              l.getSourceTopic()
                  + "|"
                  + reason
                  + "|"
                  + (m.find() ? m.group(1) : l.getDetail())
                  + "|"
                  + read);
        } else {
          byte[] value = bytesOf(l);
          boolean named = reason.equals("field-rule") || reason.equals("unknown-schema-id");
          got.add(l.getSourceTopic() + (named ? "|" + reason + "|" : "|") + hex.formatHex(value));
        }
      }
      assertThat(got).containsExactlyInAnyOrderElementsOf(want);
    }

    private static byte[] bytesOf(DeadLetter l) {
      byte[] value = new byte[l.getValue().remaining()];
      l.getValue().duplicate().get(value);
      return value;
    }

    private String redisKey(String user) {
      return balance.redisKey(user);
    }
  }

  private static long[] totals(BalanceUpdated u) {
    return new long[] {
      u.getBalance(),
      u.getDeposited(),
      u.getWithdrawn(),
      u.getStaked(),
      u.getPaidOut(),
      u.getBonus()
    };
  }

  private static long[] totals(Expected e) {
    return new long[] {e.balance, e.deposited, e.withdrawn, e.staked, e.paidOut, e.bonus};
  }
}

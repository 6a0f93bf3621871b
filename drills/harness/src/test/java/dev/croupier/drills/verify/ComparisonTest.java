package dev.croupier.drills.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.drills.verify.Expectations.DeadLetterKey;
import dev.croupier.jobs.balance.BalanceOracle;
import dev.croupier.jobs.leaderboard.LeaderboardOracle;
import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.FraudAlert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The comparison finds each kind of difference the drills look for, and none where there is none.
 */
class ComparisonTest {
  private static final DeadLetterKey GARBAGE =
      new DeadLetterKey("balance", "platform.bets", "raw AQID");
  private static final DeadLetterKey NEGATIVE =
      new DeadLetterKey("fraud", "platform.bets", "event e-7");

  @Test
  void shouldFindNothingWhenTheOutputsEqualTheOracles() {
    Comparison c =
        new Comparison()
            .balances(Map.of("u1", expected(3, 700)), Map.of("u1", view(3, 700)))
            .changelog(
                Map.of("u1", expected(3, 700)),
                new CommittedOutputs.Changelog(
                    Map.of("u1", update(3, 700)), 3, List.of(), List.of()))
            .deadLetters(
                Map.of(GARBAGE, 1, NEGATIVE, 1),
                List.of(seen(GARBAGE, "platform.bets/0@4"), seen(NEGATIVE, "platform.bets/1@9")))
            .seqWatch(new BalanceSeqWatch.Result(0, List.of(), 12));
    assertThat(c.differences()).isEmpty();
  }

  @Test
  void shouldFindABalanceThatDiffersOrIsMissing() {
    Comparison c =
        new Comparison()
            .balances(
                Map.of("u1", expected(3, 700), "u2", expected(1, 50)), Map.of("u1", view(2, 650)));
    assertThat(c.differences()).singleElement().satisfies(d -> assertThat(d.count()).isEqualTo(2));
  }

  @Test
  void shouldFindADeadLetterTwiceAndOneMissing() {
    Comparison c =
        new Comparison()
            .deadLetters(
                Map.of(GARBAGE, 1, NEGATIVE, 1),
                List.of(seen(GARBAGE, "platform.bets/0@4"), seen(GARBAGE, "platform.bets/0@4")));
    assertThat(c.differences())
        .extracting(Difference::check)
        .containsExactlyInAnyOrder(
            "platform.dlq: the same record twice",
            "platform.dlq: each broken record once per job reading its topic");
  }

  @Test
  void shouldFindAnUnexpectedDeadLetterOfAGoodRecord() {
    DeadLetterKey late = new DeadLetterKey("fraud", "platform.rounds", "event e-42");
    Comparison c =
        new Comparison()
            .deadLetters(
                Map.of(), List.of(new CommittedOutputs.SeenDeadLetter(late, null, "late")));
    assertThat(c.differences())
        .singleElement()
        .satisfies(d -> assertThat(d.examples().get(0)).contains("e-42", "late"));
  }

  @Test
  void shouldReportChangelogDuplicatesGapsAndAStaleLastValue() {
    Comparison c =
        new Comparison()
            .changelog(
                Map.of("u1", expected(3, 700)),
                new CommittedOutputs.Changelog(
                    Map.of("u1", update(2, 650)),
                    4,
                    List.of("u1 seq 2 after seq 2"),
                    List.of("u1 seq 4 after seq 2")));
    assertThat(c.differences()).hasSize(3);
  }

  @Test
  void shouldReportABalanceThatMovedBackwards() {
    Comparison c =
        new Comparison().seqWatch(new BalanceSeqWatch.Result(2, List.of("u1 seq 9 -> 4"), 40));
    assertThat(c.differences()).singleElement().satisfies(d -> assertThat(d.count()).isEqualTo(2));
  }

  @Test
  void shouldIdentifyADeadLetterByItsEventIdUnderEitherAvroHeader() throws IOException {
    byte[] body = avroString("e-1234");
    byte[] wire = concat(new byte[] {0, 0, 0, 0, 7}, body);
    byte[] singleObject = concat(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8}, body);
    assertThat(CommittedOutputs.identity(ByteBuffer.wrap(wire))).isEqualTo("event e-1234");
    assertThat(CommittedOutputs.identity(ByteBuffer.wrap(singleObject))).isEqualTo("event e-1234");
    assertThat(CommittedOutputs.identity(ByteBuffer.wrap(new byte[] {1, 2, 3})))
        .isEqualTo("raw AQID");
  }

  @Test
  void shouldAcceptLostBoardEntriesAfterAnEmptyRedisButNotAWrongScore() {
    Map<String, List<LeaderboardOracle.Ranked>> oracle =
        Map.of(
            "lb:a",
            List.of(
                new LeaderboardOracle.Ranked("u1", 500, 5.0),
                new LeaderboardOracle.Ranked("u2", 300, 3.0)),
            "lb:b",
            List.of(new LeaderboardOracle.Ranked("u3", 100, 1.0)));
    Comparison partial = new Comparison().boardsAfterLoss(oracle, Map.of("lb:a", "[u1=5.0]"));
    assertThat(partial.differences()).isEmpty();
    assertThat(partial.figures()).containsEntry("board entries back/lost with Redis", "1/2");

    Comparison wrong =
        new Comparison().boardsAfterLoss(oracle, Map.of("lb:a", "[u1=4.0]", "lb:c", "[u9=1.0]"));
    assertThat(wrong.differences())
        .singleElement()
        .satisfies(d -> assertThat(d.count()).isEqualTo(2));
  }

  @Test
  void shouldAcceptLostAlertKeysAfterAnEmptyRedisButNotAnAlertOfSomeoneElse() {
    List<FraudAlert> alerts = List.of(alert("a-1", "u1"), alert("a-2", "u2"));
    assertThat(
            new Comparison()
                .alertKeysAfterLoss(alerts, Map.of("u2", List.of("a-2")), List.of("a-2"))
                .differences())
        .isEmpty();
    assertThat(
            new Comparison()
                .alertKeysAfterLoss(
                    alerts, Map.of("u2", List.of("a-1")), List.of("a-2", "a-2", "a-9"))
                .differences())
        .hasSize(3);
  }

  private static FraudAlert alert(String id, String user) {
    return FraudAlert.newBuilder()
        .setAlertId(id)
        .setRuleId("bet-velocity")
        .setUserId(user)
        .setSeverity(dev.croupier.schemas.avro.Severity.MEDIUM)
        .setScore(50)
        .setEvidenceEventIds(List.of())
        .setFirstEventAt(Instant.parse("2026-03-02T08:00:00Z"))
        .setLastEventAt(Instant.parse("2026-03-02T08:00:00Z"))
        .setDetectedAt(Instant.parse("2026-03-02T08:00:00Z"))
        .setSummary("test")
        .build();
  }

  private static CommittedOutputs.SeenDeadLetter seen(DeadLetterKey key, String at) {
    return new CommittedOutputs.SeenDeadLetter(key, at, "field-rule");
  }

  private static BalanceOracle.Expected expected(long seq, long balance) {
    BalanceOracle.Expected e = new BalanceOracle.Expected();
    e.currency = "EUR";
    e.seq = seq;
    e.balance = balance;
    e.deposited = 1000;
    e.staked = 300;
    return e;
  }

  private static String view(long seq, long balance) {
    return RedisViews.balance("EUR", balance, 1000, 0, 300, 0, 0, seq);
  }

  private static BalanceUpdated update(long seq, long balance) {
    return BalanceUpdated.newBuilder()
        .setUserId("u1")
        .setSeq(seq)
        .setCurrency("EUR")
        .setBalance(balance)
        .setDeposited(1000)
        .setWithdrawn(0)
        .setStaked(300)
        .setPaidOut(0)
        .setBonus(0)
        .setLastEventId("e-" + seq)
        .setUpdatedAt(Instant.parse("2026-03-02T08:00:00Z"))
        .build();
  }

  private static byte[] avroString(String s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
    e.writeString(s);
    e.writeLong(42);
    e.flush();
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package dev.croupier.schemas.topics;

import static dev.croupier.schemas.SampleRecords.bet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.SampleRecords;
import dev.croupier.schemas.Shipped;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.FraudAlert;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldPairTheDefaultTopicNamesWithTheirRecordClasses() {
    assertThat(Topics.ALL)
        .extracting(Topic::name, t -> t.recordClass().getSimpleName())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("platform.bets", "BetPlaced"),
            org.assertj.core.groups.Tuple.tuple("platform.rounds", "BetSettled"),
            org.assertj.core.groups.Tuple.tuple("platform.payments", "PaymentEvent"),
            org.assertj.core.groups.Tuple.tuple("platform.accounts", "AccountEvent"),
            org.assertj.core.groups.Tuple.tuple("risk.alerts", "FraudAlert"),
            org.assertj.core.groups.Tuple.tuple("platform.balances", "BalanceUpdated"),
            org.assertj.core.groups.Tuple.tuple("platform.dlq", "DeadLetter"),
            org.assertj.core.groups.Tuple.tuple("risk.rules", "RuleConfig"),
            org.assertj.core.groups.Tuple.tuple("risk.alerts.shadow", "FraudAlert"));
  }

  @Test
  void shouldNameEachTopicsConfigKeyByItsIdAndFindInputsByName() {
    assertThat(Topics.ALL)
        .extracting(Topic::configKey)
        .containsExactly(
            "topics.bets",
            "topics.rounds",
            "topics.payments",
            "topics.accounts",
            "topics.alerts",
            "topics.balances",
            "topics.dlq",
            "topics.rules",
            "topics.shadow-alerts");
    assertThat(Topics.ALL)
        .filteredOn(Topic::compacted)
        .containsExactly(Topics.BALANCES, Topics.RULES);
    assertThat(Topics.input("platform.payments")).isSameAs(Topics.PAYMENTS);
    assertThat(Topics.BETS.named("x").id()).isEqualTo("bets");
    assertThat(Topics.BETS.named("x")).isEqualTo(Topics.BETS.named("x")).isNotEqualTo(Topics.BETS);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Topics.input("risk.alerts"))
        .hasMessageContaining("unknown topic 'risk.alerts'")
        .hasMessageContaining("platform.accounts");
  }

  @Test
  void shouldKeyEveryTopicButTheDeadLetterQueueAndTheRulesByUserId() {
    for (SampleRecords.Sample<?> sample : SampleRecords.everyTopic()) {
      assertThat(keyOf(sample))
          .as(sample.topic().name())
          .isEqualTo(
              sample.topic() == Topics.DLQ
                  ? null
                  : sample.topic() == Topics.RULES ? "bet-velocity" : "alice");
    }
    assertThat(Topics.BETS.keyBytesOf(bet(1))).isEqualTo("alice".getBytes(StandardCharsets.UTF_8));
    assertThat(Topics.DLQ.isKeyed()).isFalse();
  }

  @Test
  void shouldDeriveARenamedTopicWithTheSameContract() {
    Topic<BetPlaced> renamed = Topics.BETS.named("staging.bets");

    assertThat(renamed.name()).isEqualTo("staging.bets");
    assertThat(renamed.subject()).isEqualTo("staging.bets-value");
    assertThat(renamed.recordClass()).isEqualTo(BetPlaced.class);
    assertThat(renamed.schema()).isEqualTo(BetPlaced.getClassSchema());
    assertThat(renamed.rules().firstViolation(bet(-1)).map(v -> v.detail()))
        .contains("stake must be >= 0, was -1");
    assertThat(Topics.BETS.name()).isEqualTo("platform.bets");
  }

  @Test
  void shouldSurviveJavaSerializationAsFlinkShipsIt() throws Exception {
    Topic<FraudAlert> copy = Shipped.roundTrip(Topics.ALERTS);

    assertThat(copy.name()).isEqualTo("risk.alerts");
    assertThat(copy.schema()).isEqualTo(FraudAlert.getClassSchema());
    assertThat(copy.keyOf(SampleRecords.alert())).isEqualTo("alice");
    assertThat(Shipped.roundTrip(Topics.BETS).rules().firstViolation(bet(-2))).isPresent();
  }

  @SuppressWarnings("unchecked")
  private static <T extends org.apache.avro.specific.SpecificRecordBase> String keyOf(
      SampleRecords.Sample<T> sample) {
    return sample.topic().keyOf(sample.record());
  }
}

package dev.croupier.udfs.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.topics.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

  @Test
  void shouldResolveEachTopicToItsConfiguredNameKeepingItsContract() {
    TopicNames names =
        TopicNames.from(
            ConfigValues.of(Map.of("topics.bets", "staging.bets", "topics.dlq", "staging.dlq")));

    assertThat(names.resolve(Topics.BETS).name()).isEqualTo("staging.bets");
    assertThat(names.resolve(Topics.BETS).recordClass()).isEqualTo(Topics.BETS.recordClass());
    assertThat(names.resolve(Topics.DLQ).name()).isEqualTo("staging.dlq");
    assertThat(names.resolve(Topics.DLQ).isKeyed()).isFalse();
    assertThat(names.resolve(Topics.ROUNDS)).isSameAs(Topics.ROUNDS);
  }
}

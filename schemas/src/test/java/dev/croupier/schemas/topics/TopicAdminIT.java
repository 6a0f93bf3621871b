package dev.croupier.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.SharedServices;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServices.class)
class TopicAdminIT {

  @Test
  void shouldCreateMissingTopicsAsTheRegistryDescribesThemAndLeaveExistingOnesAlone(
      KafkaBroker kafka) throws Exception {
    // Given the balances changelog and the bets topic under test names
    List<Topic<?>> topics =
        List.of(Topics.BETS.named("it-admin.bets"), Topics.BALANCES.named("it-admin.balances"));

    // When they are created twice
    List<String> first = TopicAdmin.createMissing(kafka.bootstrapServers(), Map.of(), topics, 3);
    List<String> second = TopicAdmin.createMissing(kafka.bootstrapServers(), Map.of(), topics, 3);

    // Then both exist once with the partitions asked for, and only the changelog is compacted
    assertThat(first).containsExactly("it-admin.bets", "it-admin.balances");
    assertThat(second).isEmpty();
    Admin admin = kafka.admin(); // the broker's own: not closed here
    assertThat(
            admin
                .describeTopics(List.of("it-admin.bets"))
                .allTopicNames()
                .get()
                .get("it-admin.bets")
                .partitions())
        .hasSize(3);
    assertThat(cleanupPolicy(admin, "it-admin.balances")).isEqualTo("compact");
    assertThat(cleanupPolicy(admin, "it-admin.bets")).isEqualTo("delete");
  }

  private static String cleanupPolicy(Admin admin, String topic) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(r)).all().get().get(r);
    return config.get("cleanup.policy").value();
  }
}

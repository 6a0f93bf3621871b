package dev.croupier.platform;

import dev.croupier.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the platform's topics where missing: the four inputs, risk.alerts and platform.dlq, and
 * platform.balances compacted (a changelog keyed by player). Replication factor: the broker's
 * default.
 */
final class PlatformTopics {
  private PlatformTopics() {}

  /** Returns the names created (existing topics are left as they are). */
  static List<String> createMissing(String bootstrap, int partitions) throws InterruptedException {
    List<NewTopic> wanted = new ArrayList<>();
    for (var topic : Topics.ALL) {
      NewTopic t = new NewTopic(topic.name(), Optional.of(partitions), Optional.empty());
      if (topic == Topics.BALANCES) {
        t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      }
      wanted.add(t);
    }
    List<String> created = new ArrayList<>();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (NewTopic t : wanted) {
        try {
          admin.createTopics(List.of(t)).all().get();
          created.add(t.name());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + t.name(), e.getCause());
          }
        }
      }
    }
    return created;
  }
}

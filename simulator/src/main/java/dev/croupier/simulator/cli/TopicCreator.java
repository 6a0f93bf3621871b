package dev.croupier.simulator.cli;

import dev.croupier.simulator.event.Topic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the input topics that do not exist yet (the broker's default replication factor). */
final class TopicCreator {
  private TopicCreator() {}

  /** Returns the names of the topics created. */
  static List<String> createMissing(
      String bootstrapServers, Map<String, String> clientProperties, int partitions)
      throws InterruptedException {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    List<String> created = new ArrayList<>();
    try (Admin admin = Admin.create(config)) {
      for (Topic t : Topic.values()) {
        try {
          admin
              .createTopics(
                  List.of(new NewTopic(t.topicName(), Optional.of(partitions), Optional.empty())))
              .all()
              .get();
          created.add(t.topicName());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + t.topicName(), e.getCause());
          }
        }
      }
    }
    return created;
  }
}

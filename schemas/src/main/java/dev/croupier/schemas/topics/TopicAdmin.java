package dev.croupier.schemas.topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics where they are missing, as {@link Topics} describes them: the broker's default
 * replication factor, a compacted changelog where {@link Topic#compacted()}. Existing topics are
 * left as they are. Used by the simulator's command line and the local platform.
 */
public final class TopicAdmin {
  private static final long TIMEOUT_SECONDS = 30;

  private TopicAdmin() {}

  /**
   * Creates those of {@code topics} that do not exist, with {@code partitions} each, through an
   * admin client on {@code bootstrapServers} with {@code clientProperties} (security settings);
   * returns the names created.
   */
  public static List<String> createMissing(
      String bootstrapServers,
      Map<String, String> clientProperties,
      List<Topic<?>> topics,
      int partitions)
      throws InterruptedException {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    List<String> created = new ArrayList<>();
    try (Admin admin = Admin.create(config)) {
      for (Topic<?> topic : topics) {
        NewTopic t = new NewTopic(topic.name(), Optional.of(partitions), Optional.empty());
        if (topic.compacted()) {
          t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        try {
          admin.createTopics(List.of(t)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          created.add(t.name());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + t.name(), e.getCause());
          }
        } catch (TimeoutException e) {
          throw new IllegalStateException(
              "cannot create topic " + t.name() + ": no answer within " + TIMEOUT_SECONDS + " s",
              e);
        }
      }
    }
    return created;
  }
}

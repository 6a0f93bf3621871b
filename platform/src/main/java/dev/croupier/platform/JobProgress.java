package dev.croupier.platform;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far each job has read its inputs, from Kafka's own bookkeeping: the offsets its consumer
 * group committed (Flink commits them when a checkpoint completes) against the topics' end offsets.
 * The same figures {@code kafka-consumer-groups.sh --describe} shows.
 */
final class JobProgress implements AutoCloseable {

  /** One job's committed input records and its lag behind the end of its inputs. */
  record Reading(long processed, long lag) {}

  private final Admin admin;
  private final List<JobLineup> jobs;

  JobProgress(String bootstrap, List<JobLineup> jobs) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    this.jobs = jobs;
  }

  /** Per job name, in lineup order. */
  Map<String, Reading> read() throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (JobLineup job : jobs) {
      for (String topic : job.inputs()) {
        for (var p :
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()) {
          latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        }
      }
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(10, TimeUnit.SECONDS)
        .forEach((tp, info) -> end.put(tp, info.offset()));
    Map<String, Reading> out = new LinkedHashMap<>();
    for (JobLineup job : jobs) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(job.groupId())
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      long processed = 0;
      long lag = 0;
      for (var e : end.entrySet()) {
        if (!job.inputs().contains(e.getKey().topic())) {
          continue;
        }
        OffsetAndMetadata c = committed.get(e.getKey());
        long at = c == null ? 0 : c.offset();
        processed += at;
        lag += Math.max(0, e.getValue() - at);
      }
      out.put(job.name(), new Reading(processed, lag));
    }
    return out;
  }

  @Override
  public void close() {
    admin.close();
  }
}

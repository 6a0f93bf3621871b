package dev.croupier.drills.jobs;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far behind each job is, from Kafka's own bookkeeping: the offsets its consumer group
 * committed (Flink commits them when a checkpoint completes) against the end of its inputs, as
 * {@code kafka-consumer-groups.sh --describe} shows it.
 */
public final class JobLag {
  private JobLag() {}

  /** Records not yet committed per job. */
  public static Map<CroupierJob, Long> read(Admin admin, List<CroupierJob> jobs) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (CroupierJob job : jobs) {
      for (String topic : job.inputs()) {
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .forEach(
                p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      }
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, i) -> end.put(tp, i.offset()));
    Map<CroupierJob, Long> lag = new EnumMap<>(CroupierJob.class);
    for (CroupierJob job : jobs) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(job.groupId())
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      long behind = 0;
      for (var e : end.entrySet()) {
        if (job.reads(e.getKey().topic())) {
          OffsetAndMetadata c = committed.get(e.getKey());
          behind += Math.max(0, e.getValue() - (c == null ? 0 : c.offset()));
        }
      }
      lag.put(job, behind);
    }
    return lag;
  }
}

package dev.croupier.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group got, from Kafka's own bookkeeping (what {@code kafka-consumer-groups.sh
 * --describe} shows): the offsets it committed and the end of its topics. Flink commits on every
 * completed checkpoint, so a group reaches the end at the first checkpoint after its job read the
 * last record.
 */
final class GroupProgress {
  private GroupProgress() {}

  /** End offsets of every partition of {@code topics}. */
  static Map<TopicPartition, Long> ends(Admin admin, Collection<String> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(List.copyOf(topics))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .forEach(
            (name, d) ->
                d.partitions()
                    .forEach(
                        p ->
                            latest.put(
                                new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> out = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, i) -> out.put(tp, i.offset()));
    return out;
  }

  /** Records the group committed on {@code ends}' partitions (offsets count records here). */
  static long committed(Admin admin, String group, Map<TopicPartition, Long> ends)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> c =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    long sum = 0;
    for (TopicPartition tp : ends.keySet()) {
      OffsetAndMetadata o = c.get(tp);
      sum += o == null ? 0 : o.offset();
    }
    return sum;
  }

  /** The sum of {@code ends} restricted to {@code topics}. */
  static long total(Map<TopicPartition, Long> ends, Collection<String> topics) {
    return ends.entrySet().stream()
        .filter(e -> topics.contains(e.getKey().topic()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** {@code ends} restricted to {@code topics}. */
  static Map<TopicPartition, Long> of(Map<TopicPartition, Long> ends, Collection<String> topics) {
    Map<TopicPartition, Long> out = new HashMap<>();
    ends.forEach(
        (tp, o) -> {
          if (topics.contains(tp.topic())) {
            out.put(tp, o);
          }
        });
    return out;
  }
}

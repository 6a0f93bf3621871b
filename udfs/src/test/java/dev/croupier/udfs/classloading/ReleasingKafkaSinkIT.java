package dev.croupier.udfs.classloading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.SharedServices;
import dev.croupier.udfs.MiniClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a real broker, an exactly-once Kafka sink with pooled transactional ids leaves no Kafka admin
 * thread behind once its job ended, when wrapped in {@link ReleasingKafkaSink}; the connector's own
 * sink does leave one (the defect the wrapper exists for: should that test fail, the connector
 * closes its client itself and the wrapper can go).
 */
@ExtendWith(SharedServices.class)
class ReleasingKafkaSinkIT {
  private static final int RECORDS = 100;
  private static final String ADMIN_THREAD = "kafka-admin-client-thread";
  private static final Duration SETTLE = Duration.ofSeconds(10);

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @Test
  void shouldLeaveNoAdminThreadOnceItsJobEnded(KafkaBroker kafka) throws Exception {
    // Given an exactly-once sink with pooled ids, wrapped
    String topic = "it.releasing-sink.wrapped";
    kafka.createTopics(2, topic);
    List<Thread> before = adminThreads();

    // When a job writes 100 records through it and ends
    run(new ReleasingKafkaSink<>(pooledSink(kafka, topic, "it-releasing-wrapped")));

    // Then every record is committed, and no admin thread of the job is left
    assertThat(committedNumbers(kafka, topic)).hasSize(RECORDS);
    assertThat(newThreadsAfterSettling(before, true)).isEmpty();
  }

  @Test
  void theConnectorsOwnSinkLeavesItsAdminThreadRunning(KafkaBroker kafka) throws Exception {
    // Given the same sink, not wrapped
    String topic = "it.releasing-sink.bare";
    kafka.createTopics(2, topic);
    List<Thread> before = adminThreads();

    // When a job writes through it and ends
    run(pooledSink(kafka, topic, "it-releasing-bare"));

    // Then its records are committed, and its writers' admin threads outlive it
    assertThat(committedNumbers(kafka, topic)).hasSize(RECORDS);
    assertThat(newThreadsAfterSettling(before, false)).isNotEmpty();
  }

  private static KafkaSink<String> pooledSink(KafkaBroker kafka, String topic, String prefix) {
    return KafkaSink.<String>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(prefix)
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .setProperty("transaction.timeout.ms", "60000")
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<String>builder()
                .setTopic(topic)
                .setValueSerializationSchema(new SimpleStringSchema())
                .build())
        .build();
  }

  private static void run(Sink<String> sink) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(100);
    env.fromSequence(1, RECORDS)
        .uid("numbers")
        .name("numbers")
        .map(String::valueOf)
        .uid("as-text")
        .name("as text")
        .sinkTo(sink)
        .uid("numbers-sink")
        .name("numbers sink");
    env.execute("releasing-kafka-sink-it");
  }

  private static Set<Long> committedNumbers(KafkaBroker kafka, String topic) {
    Set<Long> numbers = new TreeSet<>();
    for (ConsumerRecord<byte[], byte[]> r : kafka.readAllCommitted(topic, SETTLE)) {
      numbers.add(Long.parseLong(new String(r.value(), StandardCharsets.UTF_8)));
    }
    return numbers;
  }

  /**
   * The admin threads started since {@code before} and still alive, once they all ended ({@code
   * expectNone}) or {@link #SETTLE} passed: a thread that lingers that long after its job is a
   * leak.
   */
  private static List<Thread> newThreadsAfterSettling(List<Thread> before, boolean expectNone)
      throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    List<Thread> left;
    do {
      left = new ArrayList<>(adminThreads());
      left.removeAll(before);
      if (expectNone && left.isEmpty()) {
        return left;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return left;
  }

  private static List<Thread> adminThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(ADMIN_THREAD))
        .toList();
  }
}

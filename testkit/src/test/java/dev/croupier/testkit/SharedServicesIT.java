package dev.croupier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith(SharedServices.class)
class SharedServicesIT {

  @Test
  void shouldRoundTripRecordsThroughTheRealBroker(KafkaBroker kafka) throws Exception {
    // Given a topic with two partitions
    kafka.createTopics(2, "testkit.roundtrip");

    // When three records are produced
    try (KafkaProducer<byte[], byte[]> producer = kafka.newProducer()) {
      for (int i = 0; i < 3; i++) {
        producer
            .send(new ProducerRecord<>("testkit.roundtrip", bytes("k" + i), bytes("v" + i)))
            .get();
      }
    }

    // Then all three come back, committed
    List<ConsumerRecord<byte[], byte[]>> read =
        kafka.readAllCommitted("testkit.roundtrip", Duration.ofSeconds(20));
    assertThat(read)
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("v0", "v1", "v2");
    assertThat(kafka.bootstrapServers()).contains("localhost").doesNotContain("0.0.0.0");
  }

  @Test
  void shouldServeTheSameBrokerToEveryTest(KafkaBroker first, KafkaBroker second) {
    assertThat(first).isSameAs(second);
  }

  @Test
  void shouldStoreAndReadKeysInTheRealRedis(RedisServer redis) {
    try (RedisClient client = redis.newClient()) {
      client.hset("testkit:h", "balance", "1250");
      client.zadd("testkit:z", 3.5, "alice");
      assertThat(client.hget("testkit:h", "balance")).isEqualTo("1250");
      assertThat(client.zscore("testkit:z", "alice")).isEqualTo(3.5);
      assertThat(client.info("server")).contains("redis_version");
    }
    redis.flushAll();
    try (RedisClient client = redis.newClient()) {
      assertThat(client.exists("testkit:h")).isFalse();
    }
  }

  @Test
  void shouldServeAConfluentApiRegistry(ApicurioRegistry registry) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var response =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(registry.confluentApiUrl() + "/subjects"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(registry.confluentApiUrl()).startsWith("http://127.0.0.1:");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

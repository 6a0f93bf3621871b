package dev.croupier.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicesFileTest {
  @TempDir Path dir;

  @Test
  void shouldReplaceTheFileWholeAndLeaveNoTemporaryFileBehind() throws Exception {
    // Given an old services file in a directory that does not exist yet
    Path file = dir.resolve("target/services.json");
    Map<String, Object> old = new LinkedHashMap<>(Map.of("redis.port", 1, "caught-up", false));
    ServicesFile.write(file, old);

    // When a new one is written
    ServicesFile.write(
        file, Map.of("kafka.bootstrap-servers", "localhost:9092", "redis.port", 6379));

    // Then the file holds exactly the new content, as JSON, and nothing else is left there
    Map<String, Object> read =
        new ObjectMapper().readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
    assertThat(read)
        .containsExactlyInAnyOrderEntriesOf(
            Map.<String, Object>of(
                "kafka.bootstrap-servers", "localhost:9092", "redis.port", 6379));
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }
}

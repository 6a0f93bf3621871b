package dev.croupier.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/** Reads Flink's nested {@code config.yaml} as the flat keys a {@link Configuration} takes. */
final class FlinkConfigFile {
  private FlinkConfigFile() {}

  /** The {@code metrics.*} settings of {@code file}: the reporters as a real cluster gets them. */
  static Configuration metricReporters(Path file) throws IOException {
    Configuration conf = new Configuration();
    flatten("", new ObjectMapper(new YAMLFactory()).readTree(file.toFile()), conf);
    Configuration metrics = new Configuration();
    for (Map.Entry<String, String> e : conf.toMap().entrySet()) {
      if (e.getKey().startsWith("metrics.")) {
        metrics.setString(e.getKey(), e.getValue());
      }
    }
    return metrics;
  }

  private static void flatten(String prefix, JsonNode node, Configuration out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              f ->
                  flatten(
                      prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(),
                      f.getValue(),
                      out));
    } else {
      out.setString(prefix, node.asText());
    }
  }
}

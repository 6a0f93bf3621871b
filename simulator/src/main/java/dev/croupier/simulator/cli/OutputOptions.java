package dev.croupier.simulator.cli;

import dev.croupier.schemas.registry.RegistryConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where events go: Kafka and its registry, an event log, a ground-truth file. */
final class OutputOptions {
  static final String REGISTRY_PASSWORD_ENV = "CROUPIER_REGISTRY_PASSWORD";
  static final String TRUSTSTORE_PASSWORD_ENV = "CROUPIER_REGISTRY_TRUSTSTORE_PASSWORD";

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,HOST:PORT…]",
      description = "Kafka to send to.")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      paramLabel = "URL",
      description =
          "Confluent-API schema registry, e.g. http://localhost:8080/apis/ccompat/v7 "
              + "(required with --bootstrap-servers).")
  String registryUrl;

  @Option(
      names = "--registry-user",
      paramLabel = "USER",
      description =
          "Registry basic-auth user; the password comes from " + REGISTRY_PASSWORD_ENV + ".")
  String registryUser;

  @Option(
      names = "--registry-truststore",
      paramLabel = "FILE",
      description =
          "PKCS12 truststore for a TLS registry; its password comes from "
              + TRUSTSTORE_PASSWORD_ENV
              + ".")
  Path registryTruststore;

  @Option(
      names = "--lookup-only",
      description =
          "Do not register schemas, only look their ids up (they were registered by a deployment).")
  boolean lookupOnly;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description = "A Kafka producer property (repeatable), e.g. security.protocol=SASL_SSL.")
  Map<String, String> kafkaProperty = new LinkedHashMap<>();

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "A properties file of Kafka producer properties (for secrets); --kafka-property wins.")
  Path kafkaConfig;

  @Option(
      names = "--create-topics",
      paramLabel = "PARTITIONS",
      description = "Create the input topics that are missing, with this many partitions.")
  Integer createTopics;

  @Option(
      names = "--ground-truth",
      paramLabel = "FILE",
      description = "Write the labelled scenarios here, as JSON lines.")
  Path groundTruth;

  @Option(
      names = "--event-log",
      paramLabel = "FILE",
      description = "Write every event here too, as JSON lines.")
  Path eventLog;

  void validate(CommandLine cmd) {
    if (bootstrapServers != null && registryUrl == null) {
      throw new ParameterException(
          cmd,
          "Missing option '--registry-url': expected a registry URL "
              + "such as http://localhost:8080/apis/ccompat/v7 when --bootstrap-servers is given");
    }
    if (registryUrl != null) {
      try {
        URI uri = URI.create(registryUrl);
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
          throw new IllegalArgumentException("not http(s)");
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            cmd,
            "Invalid value for option '--registry-url': expected an "
                + "http(s) URL such as http://localhost:8080/apis/ccompat/v7 but was '"
                + registryUrl
                + "'");
      }
    }
    if (createTopics != null && createTopics < 1) {
      throw new ParameterException(
          cmd,
          "Invalid value for option '--create-topics': expected a "
              + "partition count of 1 or more but was '"
              + createTopics
              + "'");
    }
    if (kafkaConfig != null && !Files.isReadable(kafkaConfig)) {
      throw new ParameterException(
          cmd,
          "Invalid value for option '--kafka-config': expected a "
              + "readable properties file but was '"
              + kafkaConfig
              + "'");
    }
  }

  /** Properties from --kafka-config, then --kafka-property on top. */
  Map<String, String> kafkaProperties() {
    Map<String, String> all = new LinkedHashMap<>();
    if (kafkaConfig != null) {
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(kafkaConfig, StandardCharsets.UTF_8)) {
        p.load(in);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read --kafka-config " + kafkaConfig, e);
      }
      p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k)));
    }
    all.putAll(kafkaProperty);
    return all;
  }

  RegistryConfig registryConfig() {
    RegistryConfig.Builder b = RegistryConfig.builder(registryUrl);
    if (registryUser != null) {
      b.basicAuth(registryUser, System.getenv(REGISTRY_PASSWORD_ENV));
    }
    if (registryTruststore != null) {
      b.truststore(registryTruststore.toString(), System.getenv(TRUSTSTORE_PASSWORD_ENV), "PKCS12");
    }
    return b.build();
  }
}

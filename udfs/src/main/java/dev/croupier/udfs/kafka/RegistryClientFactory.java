package dev.croupier.udfs.kafka;

import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import java.io.Serializable;

/**
 * Creates the registry client on the TaskManager, in a serde's {@code open}: Flink ships the
 * serializable config, never a live client.
 */
@FunctionalInterface
public interface RegistryClientFactory extends Serializable {

  SchemaRegistryClient create(RegistryConfig config);

  /** The REST client of the Confluent API. */
  static RegistryClientFactory rest() {
    return SchemaRegistryClient::create;
  }
}

package dev.croupier.schemas;

import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.testkit.ApicurioRegistry;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Apicurio registry for every test class of the test JVM that registers this extension (a
 * registry takes 5-7 s to start); JUnit closes it with the root context. Ids are global, so tests
 * keep apart by using their own topic names ({@code Topics.BETS.named(...)}).
 */
public final class SharedRegistry implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedRegistry.class);

  private ApicurioRegistry registry;

  @Override
  public void beforeAll(ExtensionContext context) {
    registry =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                "apicurio", key -> ApicurioRegistry.start(), ApicurioRegistry.class);
  }

  /** The registry's Confluent-API base url. */
  public String url() {
    return registry.confluentApiUrl();
  }

  public RegistryConfig config() {
    return RegistryConfig.of(url());
  }

  /** A new client with empty caches: what another process would see. */
  public SchemaRegistryClient newClient() {
    return SchemaRegistryClient.create(config());
  }
}

package dev.croupier.testkit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts each real service once per test JVM (the whole suite of a module),
 * on first use, and stops it when the suite ends — also when a test fails. Test classes declare
 * {@code @ExtendWith(SharedServices.class)} and take the services as parameters of their
 * {@code @BeforeAll}, {@code @Test} or constructor methods:
 *
 * <pre>{@code
 * @BeforeAll static void setUp(KafkaBroker kafka, RedisServer redis) { ... }
 * }</pre>
 *
 * Tests sharing a service isolate themselves by topic names, key prefixes or {@code flushAll}.
 */
public final class SharedServices implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedServices.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KafkaBroker.class || type == RedisServer.class || type == ApicurioRegistry.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == KafkaBroker.class) {
      return shared(context, KafkaBroker.class, KafkaBroker::start);
    }
    if (type == ApicurioRegistry.class) {
      return shared(context, ApicurioRegistry.class, ApicurioRegistry::start);
    }
    return shared(context, RedisServer.class, RedisServer::start);
  }

  private static <T extends AutoCloseable> T shared(
      ExtensionContext context, Class<T> type, Supplier<T> starter) {
    // The root store lives for the whole test plan; JUnit closes AutoCloseable values at its end.
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    return store.getOrComputeIfAbsent(type, k -> starter.get(), type);
  }
}

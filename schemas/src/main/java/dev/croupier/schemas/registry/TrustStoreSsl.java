package dev.croupier.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context that trusts the certificates of a configured trust store file, for registries
 * behind a private CA. Without a trust store the JVM's default trust applies.
 */
final class TrustStoreSsl {
  private TrustStoreSsl() {}

  static SSLContext fromConfig(RegistryConfig config) {
    Path path = Path.of(config.truststorePath());
    char[] password =
        config.truststorePassword() == null ? null : config.truststorePassword().toCharArray();
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(config.truststoreType());
      store.load(in, password);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      // The cause names the file and the problem (wrong password, wrong type), never the password.
      throw new IllegalArgumentException(
          "registry trust store "
              + path
              + " (type "
              + config.truststoreType()
              + ") cannot be loaded: "
              + e.getMessage(),
          e);
    }
  }
}

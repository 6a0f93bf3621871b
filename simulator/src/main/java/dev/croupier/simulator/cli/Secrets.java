package dev.croupier.simulator.cli;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Shows client properties without their secrets: values of secret-looking keys become ****. */
final class Secrets {
  private static final String[] SECRET_WORDS = {
    "password", "secret", "jaas", "token", "credential", "key"
  };

  private Secrets() {}

  static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (String word : SECRET_WORDS) {
      if (k.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** {@code key=value, …} in key order, secrets masked. */
  static String masked(Map<String, String> properties) {
    StringJoiner out = new StringJoiner(", ");
    new TreeMap<>(properties).forEach((k, v) -> out.add(k + "=" + (isSecret(k) ? "****" : v)));
    return out.toString();
  }
}

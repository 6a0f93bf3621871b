package dev.croupier.udfs.config;

/**
 * A configuration value is missing or malformed. The message names the key and the expected form
 * and never contains the value of a secret key.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

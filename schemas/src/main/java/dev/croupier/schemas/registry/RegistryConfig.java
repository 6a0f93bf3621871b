package dev.croupier.schemas.registry;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Confluent-API schema registry. Serializable so Flink serdes can carry it to the
 * TaskManagers and create their client in {@code open}. {@link #toString()} never shows secrets.
 */
public final class RegistryConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final String username;
  private final String password;
  private final String truststorePath;
  private final String truststorePassword;
  private final String truststoreType;
  private final long connectTimeoutMs;
  private final long requestTimeoutMs;
  private final int maxRetries;
  private final long initialBackoffMs;
  private final long missingIdRetryMs;
  private final long missingIdCacheMs;

  private RegistryConfig(Builder b) {
    this.url = stripTrailingSlash(Objects.requireNonNull(b.url, "registry url"));
    checkUrl(this.url);
    this.username = b.username;
    this.password = b.password;
    this.truststorePath = b.truststorePath;
    this.truststorePassword = b.truststorePassword;
    this.truststoreType = b.truststoreType;
    this.connectTimeoutMs = b.connectTimeoutMs;
    this.requestTimeoutMs = b.requestTimeoutMs;
    this.maxRetries = b.maxRetries;
    this.initialBackoffMs = b.initialBackoffMs;
    this.missingIdRetryMs = b.missingIdRetryMs;
    this.missingIdCacheMs = b.missingIdCacheMs;
    if (missingIdRetryMs < 0 || missingIdCacheMs < 0) {
      throw new IllegalArgumentException("registry missing-id durations must not be negative");
    }
    if (connectTimeoutMs <= 0 || requestTimeoutMs <= 0) {
      throw new IllegalArgumentException("registry timeouts must be positive durations");
    }
    if (maxRetries < 0 || initialBackoffMs < 0) {
      throw new IllegalArgumentException("registry retries and backoff must not be negative");
    }
  }

  public static Builder builder(String url) {
    return new Builder(url);
  }

  /**
   * A config with defaults: no auth, no TLS store, 5 s connect, 10 s request, 3 retries from 100
   * ms, an unknown id asked again for 3 s and its 404 then trusted for 1 min.
   */
  public static RegistryConfig of(String url) {
    return builder(url).build();
  }

  public String url() {
    return url;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  public String truststorePath() {
    return truststorePath;
  }

  public String truststorePassword() {
    return truststorePassword;
  }

  public String truststoreType() {
    return truststoreType;
  }

  public Duration connectTimeout() {
    return Duration.ofMillis(connectTimeoutMs);
  }

  public Duration requestTimeout() {
    return Duration.ofMillis(requestTimeoutMs);
  }

  public int maxRetries() {
    return maxRetries;
  }

  public Duration initialBackoff() {
    return Duration.ofMillis(initialBackoffMs);
  }

  /**
   * How long a schema id the registry does not know (404) is asked again before a record with it is
   * dead-lettered: a registry replica may not have seen a schema registered a moment ago.
   */
  public Duration missingIdRetry() {
    return Duration.ofMillis(missingIdRetryMs);
  }

  /** How long a 404 for an id is trusted before the registry is asked about it again. */
  public Duration missingIdCache() {
    return Duration.ofMillis(missingIdCacheMs);
  }

  public boolean hasBasicAuth() {
    return username != null && !username.isEmpty();
  }

  @Override
  public String toString() {
    return "RegistryConfig{url="
        + url
        + ", basicAuth="
        + (hasBasicAuth() ? "user " + username : "none")
        + ", truststore="
        + (truststorePath == null ? "default" : truststorePath)
        + ", connectTimeoutMs="
        + connectTimeoutMs
        + ", requestTimeoutMs="
        + requestTimeoutMs
        + ", maxRetries="
        + maxRetries
        + ", missingIdRetryMs="
        + missingIdRetryMs
        + ", missingIdCacheMs="
        + missingIdCacheMs
        + "}";
  }

  /** Fails early on a malformed url, and on credentials in it: they would leak into messages. */
  private static void checkUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "registry url must be an http(s) URL, e.g. http://host:8081");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "registry url must be an http(s) URL, e.g. http://host:8081");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "registry url must not carry credentials (user:password@host); use basic auth settings");
    }
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Builder; every setting but the url is optional. */
  public static final class Builder {
    private final String url;
    private String username;
    private String password;
    private String truststorePath;
    private String truststorePassword;
    private String truststoreType = "PKCS12";
    private long connectTimeoutMs = 5_000;
    private long requestTimeoutMs = 10_000;
    private int maxRetries = 3;
    private long initialBackoffMs = 100;
    private long missingIdRetryMs = 3_000;
    private long missingIdCacheMs = 60_000;

    private Builder(String url) {
      this.url = url;
    }

    public Builder basicAuth(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    public Builder truststore(String path, String password, String type) {
      this.truststorePath = path;
      this.truststorePassword = password;
      if (type != null) {
        this.truststoreType = type;
      }
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeoutMs = d.toMillis();
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeoutMs = d.toMillis();
      return this;
    }

    public Builder retries(int maxRetries, Duration initialBackoff) {
      this.maxRetries = maxRetries;
      this.initialBackoffMs = initialBackoff.toMillis();
      return this;
    }

    /**
     * How long an unknown id is asked again before dead-lettering ({@code retry}), and how long its
     * 404 is then trusted ({@code cache}).
     */
    public Builder missingIds(Duration retry, Duration cache) {
      this.missingIdRetryMs = retry.toMillis();
      this.missingIdCacheMs = cache.toMillis();
      return this;
    }

    public RegistryConfig build() {
      return new RegistryConfig(this);
    }
  }
}

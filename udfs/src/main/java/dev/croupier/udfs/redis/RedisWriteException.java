package dev.croupier.udfs.redis;

/**
 * Redis could not take a write: it refused it for good (a permanent error such as {@code WRONGTYPE}
 * or a script error), or stayed unavailable longer than {@code redis.outage-tolerance}. Failing the
 * task is the right answer to both; the message names the server, the call and the cause, never a
 * credential.
 */
public final class RedisWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean outage;

  RedisWriteException(String message, Throwable cause, boolean outage) {
    super(message, cause);
    this.outage = outage;
  }

  /** True if Redis was unavailable beyond the tolerance; false if it refused the write. */
  public boolean isOutage() {
    return outage;
  }
}

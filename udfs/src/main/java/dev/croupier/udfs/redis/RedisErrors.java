package dev.croupier.udfs.redis;

import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * Sorts a failed Redis call into what to do about it. Transient: the server cannot answer now but
 * will (time-outs, refused or reset connections, a pool that had no connection within the time-out,
 * and the reply errors of a server that is loading, busy, failing over or out of memory); retry
 * with back-off. Script missing: the server lost its script cache (restart, {@code SCRIPT FLUSH});
 * load the scripts again and replay. Permanent: retrying cannot help (wrong key type, script
 * errors, other {@code ERR} replies, authentication); fail fast.
 */
public final class RedisErrors {

  /** What to do about a failure. */
  public enum Kind {
    TRANSIENT,
    SCRIPT_MISSING,
    PERMANENT
  }

  /**
   * Reply-error codes of a server that will answer again: loading its data set, running a long
   * script, a replica or a master without replicas during a fail-over, a cluster slot moving, or
   * memory full (keys expire and free it). {@code NOREPLICAS}: {@code min-replicas-to-write} unmet.
   */
  static final Set<String> TRANSIENT_REPLY_CODES =
      Set.of(
          "LOADING",
          "BUSY",
          "READONLY",
          "MASTERDOWN",
          "TRYAGAIN",
          "CLUSTERDOWN",
          "NOREPLICAS",
          "OOM");

  private RedisErrors() {}

  /** The kind of {@code failure}, looking through wrapping exceptions. */
  public static Kind classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof JedisConnectionException) {
        return Kind.TRANSIENT;
      }
      if (t instanceof JedisAccessControlException || t instanceof JedisRedirectionException) {
        return Kind.PERMANENT;
      }
      if (t instanceof JedisDataException) {
        return classifyReply(t.getMessage());
      }
      if (t instanceof NoSuchElementException && t != failure) {
        return Kind.TRANSIENT; // the pool had no connection within the borrow time-out
      }
      if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.ConnectException) {
        return Kind.TRANSIENT;
      }
      if (!(t instanceof JedisException)) {
        break;
      }
    }
    return Kind.PERMANENT;
  }

  /** The kind of a reply error such as {@code LOADING Redis is loading the dataset in memory}. */
  public static Kind classifyReply(String message) {
    String code = code(message);
    if (code.equals("NOSCRIPT")) {
      return Kind.SCRIPT_MISSING;
    }
    if (TRANSIENT_REPLY_CODES.contains(code)) {
      return Kind.TRANSIENT;
    }
    // Redis 6 wraps the error of a command called inside a script: "ERR Error running script
    // (call to f_…): @user_script:3: -READONLY You can't write against a read only replica."
    if (code.equals("ERR") && message.contains("Error running script")) {
      for (String transientCode : TRANSIENT_REPLY_CODES) {
        if (message.contains("-" + transientCode + " ")) {
          return Kind.TRANSIENT;
        }
      }
    }
    return Kind.PERMANENT;
  }

  /** The first word of a reply error ({@code WRONGTYPE}, {@code ERR}, …), upper case. */
  static String code(String message) {
    if (message == null) {
      return "";
    }
    String m = message.strip();
    int space = m.indexOf(' ');
    return (space < 0 ? m : m.substring(0, space)).toUpperCase(Locale.ROOT);
  }

  /**
   * A one-line description of {@code failure} for logs and exceptions: its type and message, and
   * those of its root cause. Jedis and Redis messages carry no credentials.
   */
  public static String describe(Throwable failure) {
    StringBuilder b = new StringBuilder(failure.getClass().getSimpleName());
    if (failure.getMessage() != null) {
      b.append(": ").append(failure.getMessage());
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != failure && root.getMessage() != null) {
      b.append(" (").append(root.getClass().getSimpleName()).append(": ");
      b.append(root.getMessage()).append(')');
    }
    return b.toString();
  }
}

package dev.croupier.udfs.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.udfs.redis.RedisErrors.Kind;
import java.net.SocketTimeoutException;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** Which Redis failures are retried, which reload scripts, and which fail fast. */
class RedisErrorsTest {

  @Test
  void shouldRetryConnectionFailuresTimeOutsAndAnEmptyPool() {
    assertThat(
            RedisErrors.classify(
                new JedisConnectionException(new SocketTimeoutException("Read timed out"))))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(RedisErrors.classify(new JedisConnectionException("Connection refused")))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(
            RedisErrors.classify(
                new JedisException(
                    "Could not get a resource from the pool",
                    new NoSuchElementException("Timeout waiting for idle object"))))
        .isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void shouldRetryTheReplyErrorsOfAServerThatWillAnswerAgain() {
    for (String reply :
        new String[] {
          "LOADING Redis is loading the dataset in memory",
          "READONLY You can't write against a read only replica.",
          "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
          "TRYAGAIN Multiple keys request during rehashing of slot",
          "OOM command not allowed when used memory > 'maxmemory'."
        }) {
      assertThat(RedisErrors.classify(new JedisDataException(reply)))
          .as(reply)
          .isEqualTo(Kind.TRANSIENT);
    }
    assertThat(
            RedisErrors.classify(
                new JedisBusyException("BUSY Redis is busy running a script. You can only call")))
        .isEqualTo(Kind.TRANSIENT);
    // Redis 6 wraps what a command inside a script met
    assertThat(
            RedisErrors.classify(
                new JedisDataException(
                    "ERR Error running script (call to f_f483): @user_script:3: @user_script: 3:"
                        + " -READONLY You can't write against a read only replica. ")))
        .isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void shouldReloadScriptsOnNoscript() {
    assertThat(
            RedisErrors.classify(
                new JedisNoScriptException("NOSCRIPT No matching script. Please use EVAL.")))
        .isEqualTo(Kind.SCRIPT_MISSING);
  }

  @Test
  void shouldFailFastOnWhatRetryingCannotFix() {
    for (String reply :
        new String[] {
          "WRONGTYPE Operation against a key holding the wrong kind of value",
          "ERR Error running script (call to f_1234): @user_script:1: oops",
          "ERR unknown command 'HSETX'"
        }) {
      assertThat(RedisErrors.classify(new JedisDataException(reply)))
          .as(reply)
          .isEqualTo(Kind.PERMANENT);
    }
    assertThat(
            RedisErrors.classify(
                new JedisAccessControlException("WRONGPASS invalid username-password pair")))
        .isEqualTo(Kind.PERMANENT);
    assertThat(RedisErrors.classify(new IllegalStateException("a bug"))).isEqualTo(Kind.PERMANENT);
  }

  @Test
  void shouldDescribeAFailureWithItsRootCause() {
    assertThat(
            RedisErrors.describe(
                new JedisConnectionException(new SocketTimeoutException("Read timed out"))))
        .contains("JedisConnectionException")
        .contains("SocketTimeoutException: Read timed out");
  }
}

package dev.croupier.drills.process;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling until a condition holds, with a deadline and a message that says what was awaited. */
public final class Waits {
  private Waits() {}

  /** A condition that may throw while it is not yet true (a service still starting). */
  public interface Check {
    boolean holds() throws Exception;
  }

  /**
   * Polls {@code check} every {@code poll} until it holds; throws naming {@code what} on timeout.
   */
  public static void until(String what, Duration timeout, Duration poll, Check check)
      throws InterruptedException {
    until(what, timeout, poll, check, () -> "");
  }

  /** As above; {@code context} adds what is known at the timeout (the state seen, a log tail). */
  public static void until(
      String what, Duration timeout, Duration poll, Check check, Supplier<String> context)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        if (check.holds()) {
          return;
        }
      } catch (InterruptedException | Hopeless e) {
        throw e;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        String extra = context.get();
        throw new TimeoutWaiting(
            "not "
                + what
                + " within "
                + timeout.toSeconds()
                + " s"
                + (last == null ? "" : " (last error: " + last + ")")
                + (extra.isEmpty() ? "" : "\n" + extra),
            last);
      }
      Thread.sleep(poll.toMillis());
    }
  }

  /** Thrown by a check that knows the wait is pointless (the process it waits for exited). */
  public static final class Hopeless extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Hopeless(String message) {
      super(message);
    }
  }

  /** A wait that ran out of time. */
  public static final class TimeoutWaiting extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimeoutWaiting(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

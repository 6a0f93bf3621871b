package dev.croupier.udfs.classloading;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets, on every live thread of the process, the thread-local values whose class a job's class
 * loader defined, so that the loader can be collected once Flink releases it.
 *
 * <p>Why: a session cluster's JobManager reads every submitted job's operators with the job's own
 * class loader, on threads that live as long as the JobManager. Avro 1.12 keeps objects of its own
 * classes in thread-locals of every thread that builds or parses a schema (its name validator, its
 * allocation limits); Avro comes in the job jar, so those values hold the job's loader, and with it
 * every class of the jar: about 13.5 MB of metaspace per submission, kept for good, until the
 * JobManager fails with {@code OutOfMemoryError: Metaspace} (after about 14 submissions with the
 * default 256 MB). Tomcat clears web applications' thread-locals for the same reason.
 *
 * <p>Each value found is dropped by clearing its entry's weak reference to the {@code ThreadLocal}
 * and its value: the owning thread then sees a stale entry and removes it itself on a later access,
 * and a thread that asks for the value again gets a fresh one. Only call this once the job's code
 * has stopped running ({@link ReleasingSource} does it when a source's enumerator closes). It needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}, which Flink's distribution passes to its
 * JVMs; without it nothing is cleared, and a warning says so once.
 */
public final class ThreadLocalRelease {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadLocalRelease.class);
  private static volatile boolean warned;

  private ThreadLocalRelease() {}

  /**
   * {@link #forget} of the loader that loaded this class, when that is a job's own loader (a job
   * jar submitted to a cluster); 0 when it is the loader of Flink's own classes (a MiniCluster, or
   * the jar in Flink's lib/): there nothing is loaded per job, and every thread-local of the
   * process would match.
   */
  public static int forgetJobClasses() {
    ClassLoader job = ThreadLocalRelease.class.getClassLoader();
    if (job == null || definedUnder(org.apache.flink.api.connector.source.Source.class, job)) {
      return 0;
    }
    return forget(job);
  }

  /**
   * Clears, on every live thread, the thread-local and inheritable thread-local values whose class
   * {@code loader} or a loader below it defined; returns how many, or -1 if the JVM does not let
   * this code read threads' thread-locals.
   */
  static int forget(ClassLoader loader) {
    try {
      Field threadLocals = Thread.class.getDeclaredField("threadLocals");
      Field inheritable = Thread.class.getDeclaredField("inheritableThreadLocals");
      threadLocals.setAccessible(true);
      inheritable.setAccessible(true);
      int cleared = 0;
      for (Thread t : liveThreads()) {
        cleared += forget(threadLocals.get(t), loader);
        cleared += forget(inheritable.get(t), loader);
      }
      return cleared;
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (!warned) {
        warned = true;
        LOG.warn(
            "Cannot clear the thread-locals of a finished job's classes ({}): each submission of"
                + " the job jar to this cluster keeps its classes in the JobManager's metaspace."
                + " Run the JVM with --add-opens java.base/java.lang=ALL-UNNAMED, or put the jar"
                + " in Flink's lib/ (docs/operations.md).",
            e.toString());
      }
      return -1;
    }
  }

  private static int forget(Object map, ClassLoader loader) throws ReflectiveOperationException {
    if (map == null) {
      return 0;
    }
    Field tableField = map.getClass().getDeclaredField("table");
    tableField.setAccessible(true);
    Object[] table = (Object[]) tableField.get(map);
    int cleared = 0;
    for (Object entry : table) {
      if (entry == null) {
        continue;
      }
      Field value = entry.getClass().getDeclaredField("value");
      value.setAccessible(true);
      Object v = value.get(entry);
      if (v != null && definedUnder(v.getClass(), loader)) {
        ((Reference<?>) entry).clear(); // stale from now on: its thread drops it
        value.set(entry, null);
        cleared++;
      }
    }
    return cleared;
  }

  /** Whether {@code loader}, or a loader whose parents include it, defined {@code c}. */
  static boolean definedUnder(Class<?> c, ClassLoader loader) {
    for (ClassLoader l = c.getClassLoader(); l != null; l = l.getParent()) {
      if (l == loader) {
        return true;
      }
    }
    return false;
  }

  private static Thread[] liveThreads() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n;
    while ((n = root.enumerate(threads, true)) == threads.length) {
      threads = new Thread[threads.length * 2];
    }
    return java.util.Arrays.copyOf(threads, n);
  }
}

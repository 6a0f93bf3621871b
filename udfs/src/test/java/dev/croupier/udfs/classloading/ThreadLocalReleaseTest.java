package dev.croupier.udfs.classloading;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ThreadLocalReleaseTest {
  private static final ThreadLocal<Object> OF_THE_JOB = new ThreadLocal<>();
  private static final ThreadLocal<Object> OF_THE_PROCESS = new ThreadLocal<>();
  private static final ThreadLocal<Object> WITH_INITIAL = ThreadLocal.withInitial(() -> "initial");

  /** A value class for a loader of its own. */
  public static final class Token {}

  @Test
  void shouldForgetOnEveryThreadTheValuesOfTheJobsClassesAndOnlyThose() throws Exception {
    URL classes = Token.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader job = new URLClassLoader(new URL[] {classes}, null)) {
      Object token = job.loadClass(Token.class.getName()).getConstructor().newInstance();
      ExecutorService other = Executors.newSingleThreadExecutor();
      try {
        // Given another thread holding a job's value in two thread-locals, and one of its own
        other
            .submit(
                () -> {
                  OF_THE_JOB.set(token);
                  WITH_INITIAL.set(token);
                  OF_THE_PROCESS.set("kept");
                })
            .get();

        // When the job's values are forgotten from this thread
        int cleared = ThreadLocalRelease.forget(job);

        // Then that thread sees them gone (or back to their initial value), and keeps its own
        assertThat(cleared).isEqualTo(2);
        assertThat(other.submit(OF_THE_JOB::get).get()).isNull();
        assertThat(other.submit(WITH_INITIAL::get).get()).isEqualTo("initial");
        assertThat(other.submit(OF_THE_PROCESS::get).get()).isEqualTo("kept");
      } finally {
        other.shutdownNow();
      }
    }
  }

  @Test
  void shouldForgetNothingWhenTheJobsClassesShareFlinksLoader() throws Exception {
    // Given a MiniCluster's case: this code and Flink's in one loader, a value of it held
    Token token = new Token();
    OF_THE_JOB.set(token);
    try {
      // When the job's classes are released
      int cleared = ThreadLocalRelease.forgetJobClasses();

      // Then nothing was touched: every thread-local of the process would have matched
      assertThat(cleared).isZero();
      assertThat(OF_THE_JOB.get()).isSameAs(token);
    } finally {
      OF_THE_JOB.remove();
    }
  }

  @Test
  void shouldTellClassesDefinedUnderALoaderFromOthers() throws Exception {
    URL classes = Token.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader job = new URLClassLoader(new URL[] {classes}, null);
        URLClassLoader below = new URLClassLoader(new URL[] {classes}, job)) {
      assertThat(ThreadLocalRelease.definedUnder(job.loadClass(Token.class.getName()), job))
          .isTrue();
      assertThat(ThreadLocalRelease.definedUnder(Token.class, job)).isFalse();
      assertThat(ThreadLocalRelease.definedUnder(String.class, job)).isFalse();
      // a class the loader below defines itself (child-first is not needed: the parent finds it)
      assertThat(ThreadLocalRelease.definedUnder(below.loadClass(Token.class.getName()), job))
          .isTrue();
    }
  }
}

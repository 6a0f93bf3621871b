package dev.croupier.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.BalanceJob;
import dev.croupier.jobs.balance.BalanceJobConfig;
import dev.croupier.jobs.fraud.FraudDetectionJob;
import dev.croupier.jobs.fraud.FraudJobConfig;
import dev.croupier.jobs.leaderboard.LeaderboardJob;
import dev.croupier.jobs.leaderboard.LeaderboardJobConfig;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.SourceOperatorFactory;
import org.apache.flink.util.FlinkUserCodeClassLoaders;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A session cluster's JobManager deserializes every submitted job's operators with the job's own
 * class loader, on its long-lived threads. Whatever those threads keep in a thread-local from that
 * loader keeps the loader, and every class of the job's jar, for as long as the JobManager lives:
 * about 13.5 MB of metaspace per submission, until the JobManager fails with {@code
 * OutOfMemoryError: Metaspace} (Avro 1.12 keeps its name validator in a thread-local of every
 * thread that parses a schema). Here each job's graph is deserialized as the JobManager does it,
 * with a child-first loader of its own, and once its sources' enumerators closed (the job ended),
 * the threads that read it must hold nothing of it.
 */
class JobManagerClassLoaderTest {
  private static final String[] REQUIRED = {
    "--kafka.bootstrap-servers=k:9092", "--registry.url=http://r:8080"
  };

  static Stream<Arguments> jobs() {
    Function<StreamExecutionEnvironment, Void> balance =
        env -> {
          BalanceJobConfig cfg = BalanceJobConfig.load(REQUIRED);
          BalanceJob.sinkTo(
              BalanceJob.build(BalanceJob.Sources.of(cfg).read(env, cfg), cfg),
              BalanceJob.Sinks.of(cfg));
          return null;
        };
    Function<StreamExecutionEnvironment, Void> leaderboard =
        env -> {
          LeaderboardJobConfig cfg = LeaderboardJobConfig.load(REQUIRED);
          LeaderboardJob.sinkTo(
              LeaderboardJob.build(LeaderboardJob.Sources.of(cfg).read(env, cfg), cfg),
              LeaderboardJob.Sinks.of(cfg));
          return null;
        };
    Function<StreamExecutionEnvironment, Void> fraud =
        env -> {
          FraudJobConfig cfg = FraudJobConfig.load(REQUIRED);
          FraudDetectionJob.sinkTo(
              FraudDetectionJob.build(FraudDetectionJob.Sources.of(cfg).read(env, cfg), cfg),
              FraudDetectionJob.Sinks.of(cfg));
          return null;
        };
    return Stream.of(
        Arguments.of("balance", balance),
        Arguments.of("leaderboard", leaderboard),
        Arguments.of("fraud", fraud));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobs")
  void shouldLeaveNothingOfTheJobsClassLoaderOnTheJobManagersThreadsOnceItsSourcesClosed(
      String job, Function<StreamExecutionEnvironment, Void> pipeline) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    pipeline.apply(env);
    StreamGraph graph = env.getStreamGraph();
    graph.serializeUserDefinedInstances();
    byte[] submitted = InstantiationUtil.serializeObject(graph);

    ClassLoader jobLoader = jobClassLoader();
    ExecutorService rpcThread = Executors.newSingleThreadExecutor();
    ExecutorService coordinatorThread = Executors.newSingleThreadExecutor();
    try {
      // As the JobManager: the graph arrives and its operators are read with the job's loader...
      StreamGraph received =
          rpcThread
              .submit(
                  () -> {
                    StreamGraph g =
                        InstantiationUtil.deserializeObject(submitted, getClass().getClassLoader());
                    g.deserializeUserDefinedInstances(jobLoader, Runnable::run);
                    return g;
                  })
              .get();
      Thread rpc = rpcThread.submit(Thread::currentThread).get();
      // (Avro left its thread-locals there: what the JobManager kept per submission)
      assertThat(heldBy(rpc, jobLoader)).as("before the sources closed").isNotEmpty();

      // ...the job runs its sources' enumerators on a coordinator thread; then it ends.
      List<Source<?, ?, ?>> sources = sources(received);
      assertThat(sources).isNotEmpty();
      coordinatorThread
          .submit(
              () -> {
                for (Source<?, ?, ?> s : sources) {
                  s.createEnumerator(enumeratorContext()).close();
                }
                return null;
              })
          .get();

      assertThat(heldBy(rpc, jobLoader))
          .as("thread-locals of the JobManager's thread from the %s job's class loader", job)
          .isEmpty();
    } finally {
      rpcThread.shutdownNow();
      coordinatorThread.shutdownNow();
    }
  }

  /** The sources of the graph's source operators (the job's loader's objects). */
  private static List<Source<?, ?, ?>> sources(StreamGraph graph) throws Exception {
    List<Source<?, ?, ?>> out = new ArrayList<>();
    Field source = SourceOperatorFactory.class.getDeclaredField("source");
    source.setAccessible(true);
    for (StreamNode node : graph.getStreamNodes()) {
      if (node.getOperatorFactory() instanceof SourceOperatorFactory<?> f) {
        out.add((Source<?, ?, ?>) source.get(f));
      }
    }
    return out;
  }

  /** An enumerator context that answers nothing: the enumerators are only created and closed. */
  @SuppressWarnings("unchecked")
  private static <S extends SourceSplit> SplitEnumeratorContext<S> enumeratorContext() {
    return (SplitEnumeratorContext<S>)
        Proxy.newProxyInstance(
            JobManagerClassLoaderTest.class.getClassLoader(),
            new Class<?>[] {SplitEnumeratorContext.class},
            (proxy, method, args) -> {
              Class<?> r = method.getReturnType();
              if (r == int.class) {
                return 1;
              }
              if (r == boolean.class) {
                return false;
              }
              if (r == java.util.Map.class) {
                return java.util.Map.of();
              }
              return null;
            });
  }

  /**
   * The job's loader as a session cluster makes it: child-first over the job's classes and
   * libraries (here the test's class path), Flink's parent-first patterns, and a parent that is
   * Flink's distribution: Flink's own classes, but not the connectors and formats that the job jar
   * brings (the Kafka connector must come from the same loader as the Kafka client).
   */
  private static ClassLoader jobClassLoader() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(new File(entry).toURI().toURL());
    }
    String[] parentFirst =
        CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS.defaultValue().toArray(String[]::new);
    ClassLoader app = JobManagerClassLoaderTest.class.getClassLoader();
    ClassLoader distribution =
        new ClassLoader(null) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            try {
              return ClassLoader.getPlatformClassLoader().loadClass(name); // the JDK's
            } catch (ClassNotFoundException notTheJdks) {
              // Flink's, or the job's
            }
            boolean fromJobJar =
                name.startsWith("org.apache.flink.connector.")
                    || name.startsWith("org.apache.flink.formats.")
                    || Stream.of(parentFirst).noneMatch(name::startsWith);
            if (fromJobJar) {
              throw new ClassNotFoundException(name);
            }
            return app.loadClass(name);
          }
        };
    return FlinkUserCodeClassLoaders.childFirst(
        urls.toArray(URL[]::new), distribution, parentFirst, t -> {}, false);
  }

  /** The thread's thread-local values whose class {@code loader} loaded, by class name. */
  static List<String> heldBy(Thread thread, ClassLoader loader) throws Exception {
    Field threadLocals = Thread.class.getDeclaredField("threadLocals");
    threadLocals.setAccessible(true);
    Object map = threadLocals.get(thread);
    List<String> held = new ArrayList<>();
    if (map == null) {
      return held;
    }
    Field table = map.getClass().getDeclaredField("table");
    table.setAccessible(true);
    for (Object entry : (Object[]) table.get(map)) {
      if (entry == null) {
        continue;
      }
      Field value = entry.getClass().getDeclaredField("value");
      value.setAccessible(true);
      Object v = value.get(entry);
      System.err.println(
          "TL " + (v == null ? null : v.getClass() + " by " + v.getClass().getClassLoader()));
      if (v != null && v.getClass().getClassLoader() == loader) {
        held.add(v.getClass().getName());
      }
    }
    return held;
  }
}

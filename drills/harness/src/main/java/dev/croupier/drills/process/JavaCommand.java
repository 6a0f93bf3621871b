package dev.croupier.drills.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@code java} command line: this JVM's executable, options, a classpath, a main class, args. */
public final class JavaCommand {
  /** Flink's own {@code env.java.opts.all} for Java 17 (the distribution's default). */
  public static final List<String> FLINK_OPENS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final List<String> jvmOptions = new ArrayList<>();
  private final String classpath;
  private final String mainClass;
  private final List<String> args = new ArrayList<>();

  public JavaCommand(String classpath, String mainClass) {
    this.classpath = classpath;
    this.mainClass = mainClass;
  }

  public JavaCommand jvm(String... options) {
    jvmOptions.addAll(Arrays.asList(options));
    return this;
  }

  public JavaCommand jvm(List<String> options) {
    jvmOptions.addAll(options);
    return this;
  }

  public JavaCommand args(String... values) {
    args.addAll(Arrays.asList(values));
    return this;
  }

  public JavaCommand args(List<String> values) {
    args.addAll(values);
    return this;
  }

  public List<String> toList() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }
}

package dev.croupier.testkit;

/**
 * Entry point of a throw-away JVM that starts a registry and then waits to be killed; lets a test
 * kill the registry's parent with SIGKILL, which no shutdown hook survives.
 */
public final class RegistryInChildJvm {
  private RegistryInChildJvm() {}

  public static void main(String[] args) throws InterruptedException {
    ApicurioRegistry registry = ApicurioRegistry.start();
    System.out.println(
        "READY " + registry.registryProcess().pid() + " " + registry.watchdogProcess().pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

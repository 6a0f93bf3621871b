package dev.croupier.testkit;

/**
 * Entry point of a throw-away JVM that starts a Redis server and then waits to be killed; lets a
 * test kill the server's parent with SIGKILL, which no shutdown hook survives.
 */
public final class RedisInChildJvm {
  private RedisInChildJvm() {}

  public static void main(String[] args) throws InterruptedException {
    RedisServer redis = RedisServer.start();
    System.out.println(
        "READY " + redis.serverProcess().pid() + " " + redis.watchdogProcess().pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

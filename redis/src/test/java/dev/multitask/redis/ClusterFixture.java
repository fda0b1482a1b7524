package dev.multitask.redis;

import dev.multitask.Context;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Redis server and three worker JVMs for all the tests of this JVM, started on first use and
 * stopped when the JVM exits. The workers run with this JVM's class path and a lifeline (they exit
 * when this JVM does, however it ends).
 */
public final class ClusterFixture {
  /** How many worker JVMs the fixture runs. */
  public static final int WORKERS = 3;

  private static ClusterFixture shared;

  private final LocalRedis redis;
  private final List<Process> workers = new ArrayList<>();

  private ClusterFixture(LocalRedis redis) {
    this.redis = redis;
  }

  /** The fixture, started on first use. */
  public static synchronized ClusterFixture get() {
    if (shared == null) {
      LocalRedis redis = LocalRedis.startWithAof(null);
      shared = new ClusterFixture(redis);
      for (int i = 1; i <= WORKERS; i++) {
        shared.startWorker("w" + i, 2);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "cluster-fixture-stop"));
    }
    return shared;
  }

  /** The server's URL. */
  public String url() {
    return redis.url();
  }

  /** The server. */
  public LocalRedis redis() {
    return redis;
  }

  /** A new context on the server. */
  public Context context() {
    return Cluster.connect(url());
  }

  /** Starts a worker JVM named {@code name} with {@code concurrency} pool slots. */
  public synchronized Process startWorker(String name, int concurrency) {
    Process p = startWorker(url(), name, concurrency);
    workers.add(p);
    return p;
  }

  /** Starts a worker JVM on {@code url} with this JVM's class path and a lifeline. */
  public static Process startWorker(String url, String name, int concurrency) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.multitask.redis.worker.WorkerMain",
            "--redis",
            url,
            "--name",
            name,
            "--concurrency",
            Integer.toString(concurrency),
            "--lifeline");
    try {
      return new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .redirectInput(ProcessBuilder.Redirect.PIPE)
          .start();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not start a worker JVM", e);
    }
  }

  private synchronized void stop() {
    for (Process p : workers) {
      try {
        p.getOutputStream().close(); // the lifeline: the worker puts its work back and exits
      } catch (java.io.IOException e) {
        // gone already
      }
    }
    for (Process p : workers) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
    redis.close();
  }

  @SuppressWarnings("unused")
  private static String classPath() {
    return System.getProperty("java.class.path").replace(File.pathSeparatorChar, ':');
  }
}

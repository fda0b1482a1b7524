package dev.multitask.redis;

import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.tasks.TaskKeys;
import dev.multitask.redis.tasks.Tasks;
import dev.multitask.spi.Timeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster on this machine: a {@link LocalRedis} and worker JVMs started with this JVM's class
 * path, for tests, the tour, the examples and benchmarks. Each worker holds a pipe from this JVM
 * (its lifeline) and exits when this JVM does, however it ends; {@link #close()} stops the workers
 * (their work in flight goes back to the queue) and then the server.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(3, 2);
 *     Context ctx = Multitask.cluster(cluster.url())) {
 *   System.out.println(ctx.pool(4).map(x -> x * x, List.of(1, 2, 3)));
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #start} returns once the server answers; the workers join it as their JVMs
 * come up (a second or two), and work queued before then waits for them.
 */
public final class LocalCluster implements AutoCloseable {
  private final LocalRedis redis;
  private final List<Process> workers = new ArrayList<>();
  private boolean closed;

  private LocalCluster(LocalRedis redis) {
    this.redis = redis;
  }

  /**
   * Whether a cluster can start here: {@code redis-server} is installed.
   *
   * @return true if {@link #start} can run
   */
  public static boolean available() {
    return LocalRedis.executable().isPresent();
  }

  /**
   * Starts a server (with an append-only file, so that it may be restarted without losing data) and
   * {@code workers} worker JVMs named {@code w1}, {@code w2}, ...
   *
   * @param workers how many worker JVMs, {@code >= 0}
   * @param concurrency how many pool items each runs at once, {@code >= 1}
   * @return the running cluster
   * @throws IllegalArgumentException if a count is out of range
   * @throws IllegalStateException if {@code redis-server} is not installed or does not start
   */
  public static LocalCluster start(int workers, int concurrency) {
    if (workers < 0) {
      throw new IllegalArgumentException("workers must be >= 0: workers=" + workers);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1: concurrency=" + concurrency);
    }
    LocalCluster cluster = new LocalCluster(LocalRedis.startWithAof(null));
    try {
      for (int i = 1; i <= workers; i++) {
        cluster.startWorker("w" + i, concurrency);
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /**
   * The URL contexts and workers connect with.
   *
   * @return {@code redis://127.0.0.1:PORT}
   */
  public String url() {
    return redis.url();
  }

  /**
   * The server, to restart or kill it (chaos tests).
   *
   * @return the server
   */
  public LocalRedis server() {
    return redis;
  }

  /**
   * Starts one more worker JVM.
   *
   * @param name its name, unique in the cluster, without {@code ':'}
   * @param concurrency how many pool items it runs at once, {@code >= 1}
   * @return its process, to kill it (chaos tests); closing the cluster stops it too
   * @throws IllegalArgumentException if an argument is invalid
   * @throws IllegalStateException if the cluster is closed
   */
  public synchronized Process startWorker(String name, int concurrency) {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
    if (name == null || name.isBlank() || name.contains(":") || name.contains(" ")) {
      throw new IllegalArgumentException(
          "a worker name must be non-blank without ':' or spaces: name=" + name);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1: concurrency=" + concurrency);
    }
    List<String> command = workerCommand(url(), name, concurrency);
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      workers.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a worker JVM", e);
    }
  }

  /** The command line of a worker JVM of the cluster this class starts: {@code quick} ones. */
  static List<String> workerCommand(String url, String name, int concurrency) {
    return workerCommand(url, name, concurrency, true);
  }

  /**
   * The command line of a worker JVM with this JVM's class path, its lifeline on standard input.
   * This JVM's {@link TaskKeys#HEARTBEAT_PROPERTY} goes along, so that a test that shortens the
   * heartbeat shortens it on its workers.
   *
   * @param url the server
   * @param name the worker's name
   * @param concurrency its pool slots
   * @param quick whether it starts quickly and small, for tests and the tour (a 256 MiB heap, the
   *     first JIT tier only), or runs as in production (the JVM's defaults: for measurements)
   * @return the command
   */
  public static List<String> workerCommand(
      String url, String name, int concurrency, boolean quick) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    if (quick) {
      command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
    }
    String heartbeat = System.getProperty(TaskKeys.HEARTBEAT_PROPERTY);
    if (heartbeat != null) {
      command.add("-D" + TaskKeys.HEARTBEAT_PROPERTY + "=" + heartbeat);
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.multitask.redis.worker.WorkerMain",
            "--redis",
            url,
            "--name",
            name,
            "--concurrency",
            Integer.toString(concurrency),
            "--lifeline",
            "--quiet"));
    return command;
  }

  /**
   * Waits until every worker started here serves the cluster (its heartbeat is in the server). Work
   * queued before then waits for the workers anyway; this is for measurements and for tests that
   * must not overlap the workers' start.
   *
   * @param timeout how long to wait at most
   * @return whether they all do
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean awaitWorkers(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + Timeouts.nanos(timeout);
    RedisAddress address = RedisAddress.parse(url());
    Tasks tasks = new Tasks(Connections.open(address));
    try {
      while (true) {
        int expected;
        synchronized (this) {
          expected = workers.size();
        }
        if (tasks.liveWorkers().size() >= expected) {
          return true;
        }
        if (System.nanoTime() - deadline >= 0) {
          return false;
        }
        Thread.sleep(50);
      }
    } finally {
      Connections.release(address);
    }
  }

  /**
   * Stops the workers (their lifeline ends: they put their work back and exit), then the server.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Process p : workers) {
      try {
        p.getOutputStream().close();
      } catch (IOException e) {
        // the worker is gone already: nothing to tell it
      }
    }
    boolean interrupted = false;
    for (Process p : workers) {
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        interrupted = true;
        p.destroyForcibly();
      }
    }
    redis.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LocalCluster[" + url() + ", " + workers.size() + " workers]";
  }
}

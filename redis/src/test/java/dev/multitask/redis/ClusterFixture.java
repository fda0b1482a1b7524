package dev.multitask.redis;

import dev.multitask.Context;
import dev.multitask.Multitask;
import java.time.Duration;

/**
 * One {@link LocalCluster} (a Redis server with an append-only file and three worker JVMs of two
 * pool slots each) for all the tests of this JVM, started on first use and stopped when the JVM
 * exits.
 */
public final class ClusterFixture {
  /** How many worker JVMs the fixture runs. */
  public static final int WORKERS = 3;

  private static ClusterFixture shared;

  private final LocalCluster cluster;

  private ClusterFixture(LocalCluster cluster) {
    this.cluster = cluster;
  }

  /** The fixture, started on first use. */
  public static synchronized ClusterFixture get() {
    if (shared == null) {
      shared = new ClusterFixture(LocalCluster.start(WORKERS, 2));
      try {
        if (!shared.cluster.awaitWorkers(Duration.ofMinutes(2))) {
          throw new IllegalStateException("the fixture's workers did not join " + shared.cluster);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the fixture's workers started", e);
      }
      Runtime.getRuntime()
          .addShutdownHook(new Thread(shared.cluster::close, "cluster-fixture-stop"));
    }
    return shared;
  }

  /** The server's URL. */
  public String url() {
    return cluster.url();
  }

  /** The server. */
  public LocalRedis redis() {
    return cluster.server();
  }

  /** A new context on the server. */
  public Context context() {
    return Multitask.cluster(url());
  }

  /** Starts one more worker JVM named {@code name} with {@code concurrency} pool slots. */
  public Process startWorker(String name, int concurrency) {
    return cluster.startWorker(name, concurrency);
  }
}

package dev.multitask.redis;

import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.worker.ClusterWorker;

/**
 * A cluster worker inside this JVM. A program reaches a cluster through {@code
 * Multitask.cluster("redis://host:6379")}, which finds this module; the workers usually run as JVMs
 * of their own ({@code multitask worker --redis URL}, or {@link LocalCluster} on one machine). This
 * class is for a program that serves the cluster from a JVM it already runs.
 *
 * <pre>{@code
 * try (AutoCloseable worker = Cluster.worker("redis://10.0.0.5:6379", "api-1", 4)) {
 *   ... // this JVM now runs the cluster's jobs and pool items, each in a child JVM
 * }
 * }</pre>
 */
public final class Cluster {
  private Cluster() {}

  /**
   * Starts a worker's service in this JVM: it takes jobs and pool items from the server at {@code
   * url} and runs them in child JVMs (with this JVM's class path), until closed.
   *
   * @param url the server: {@code redis://[:password@]host:port[/db]} or {@code rediss://...}
   * @param name the worker's name, unique in the cluster, without {@code ':'}
   * @param concurrency how many pool items run at once, {@code >= 1}
   * @return the running worker; close it to stop (its work in flight goes back to the queue)
   * @throws IllegalArgumentException if an argument is invalid, naming it
   * @throws IllegalStateException if the server cannot be reached
   */
  public static AutoCloseable worker(String url, String name, int concurrency) {
    return new ClusterWorker(RedisAddress.parse(url), name, concurrency, 256).start();
  }

  /**
   * The most pool items a worker of {@code concurrency} holds at once: those it runs, and as many
   * again taken ahead while the items are short. What may run twice when the worker dies (delivery
   * is at least once, {@link ClusterTask}).
   *
   * @param concurrency the worker's concurrency, {@code >= 1}
   * @return twice the concurrency
   * @throws IllegalArgumentException if {@code concurrency} is below 1
   */
  public static int maxInFlight(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1: concurrency=" + concurrency);
    }
    return ClusterWorker.maxInFlight(concurrency);
  }
}

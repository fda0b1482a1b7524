package dev.multitask.redis;

import dev.multitask.Context;
import dev.multitask.redis.backend.ClusterContext;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.worker.ClusterWorker;

/**
 * The cluster context's entry points: a context whose jobs and pools run on worker JVMs ({@code
 * multitask worker --redis URL}) coordinated by a Redis server, and the worker itself.
 *
 * <pre>{@code
 * try (Context ctx = Cluster.connect("redis://127.0.0.1:6379")) {
 *   Pool pool = ctx.pool(8);
 *   System.out.println(pool.map(x -> x * x, List.of(1, 2, 3)));
 * }
 * }</pre>
 */
public final class Cluster {
  private Cluster() {}

  /**
   * A context on the Redis server at {@code url}.
   *
   * @param url {@code redis://[:password@]host:port[/db]} or {@code rediss://...} (TLS)
   * @return a new cluster context
   * @throws IllegalArgumentException naming the URL and what is wrong with it
   * @throws IllegalStateException if the server cannot be reached
   */
  public static Context connect(String url) {
    return new ClusterContext(RedisAddress.parse(url));
  }

  /**
   * Starts a worker JVM's service in this JVM: it takes jobs and pool items from the server at
   * {@code url} and runs them in child JVMs, until closed.
   *
   * @param url the server
   * @param name the worker's name, unique in the cluster
   * @param concurrency how many pool items run at once
   * @return the running worker; close it to stop (its work in flight goes back to the queue)
   * @throws IllegalArgumentException if an argument is invalid
   */
  public static AutoCloseable worker(String url, String name, int concurrency) {
    return new ClusterWorker(RedisAddress.parse(url), name, concurrency, 256).start();
  }
}

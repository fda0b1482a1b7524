package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;

/**
 * Where the examples that may run on a cluster get their context: the process context, or, when the
 * system property {@value #CLUSTER} names a Redis URL ({@code multitask examples NAME --cluster
 * URL} sets it), {@code Multitask.cluster(url)}, whose jobs and pool tasks run on the worker JVMs
 * started with {@code multitask worker --redis URL}. The example's code is the same either way.
 */
final class Contexts {
  /** The system property that names the cluster's URL. */
  static final String CLUSTER = "multitask.cluster";

  private Contexts() {}

  /**
   * The context an example runs its processes in.
   *
   * @return a process context, or a cluster context when {@value #CLUSTER} is set
   */
  static Context processes() {
    String url = System.getProperty(CLUSTER, "").trim();
    return url.isEmpty() ? Multitask.processes() : Multitask.cluster(url);
  }

  /**
   * Whether the examples run on a cluster.
   *
   * @return true when {@value #CLUSTER} is set
   */
  static boolean onCluster() {
    return !System.getProperty(CLUSTER, "").isBlank();
  }
}

/**
 * Internal: the worker JVM ({@code WorkerMain}, {@code ClusterWorker}): takes jobs and pool items
 * from the task queue and runs each in a child JVM of its own host, through core's process backend.
 *
 * <p>Owns: a worker's loops. May use: core's API, {@code codec}, {@code engine.pool}; {@code
 * client}, {@code tasks}, and {@code dev.multitask.redis} for {@code ClusterTask}.
 */
package dev.multitask.redis.worker;

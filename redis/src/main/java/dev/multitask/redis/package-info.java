/**
 * The cluster context's public tools: what a task knows of its delivery ({@link
 * dev.multitask.redis.ClusterTask}), fencing tokens ({@link dev.multitask.redis.FencedLock}, {@link
 * dev.multitask.redis.FencedValue}), a worker inside a JVM ({@link dev.multitask.redis.Cluster})
 * and a cluster on this machine ({@link dev.multitask.redis.LocalRedis}, {@link
 * dev.multitask.redis.LocalCluster}). The context itself is {@code Multitask.cluster(url)}.
 *
 * <p>Owns: the module's API. May use: core's API packages; the module's internal packages in its
 * implementation, never in a signature.
 */
package dev.multitask.redis;

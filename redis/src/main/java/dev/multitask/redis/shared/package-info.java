/**
 * Internal: the cluster's manager ({@code ClusterManager}) and its containers, a map ({@code
 * RedisSharedMap}: a hash and an order) and a list ({@code RedisSharedList}) in Redis, each call
 * one Lua script that also checks the manager is open ({@code ContainerScripts}); one object per
 * container in a JVM ({@code Handles}).
 *
 * <p>Owns: managers in Redis. May use: core's API, {@code codec}, {@code engine.containers}, and
 * {@code client}.
 */
package dev.multitask.redis.shared;

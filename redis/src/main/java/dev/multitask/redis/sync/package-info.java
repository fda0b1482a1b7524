/**
 * Internal: the cluster's locks (with leases and fencing tokens), semaphores, events, conditions,
 * barriers and shared numbers, each a few keys and Lua scripts in Redis.
 *
 * <p>Owns: synchronization in Redis. May use: core's API, {@code spi}, and {@code client}; {@code
 * dev.multitask.redis} for {@code FencedLock}.
 */
package dev.multitask.redis.sync;

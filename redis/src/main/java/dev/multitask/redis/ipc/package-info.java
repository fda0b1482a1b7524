/**
 * Internal: the cluster's queues ({@code RedisQueue}: FIFO, LIFO and priority, bounded or not,
 * joinable), which its pipes are made of.
 *
 * <p>Owns: queues in Redis. May use: core's API, {@code spi}, {@code codec}, and {@code client}.
 */
package dev.multitask.redis.ipc;

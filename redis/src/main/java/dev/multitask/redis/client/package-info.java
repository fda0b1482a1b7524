/**
 * Internal: the Redis client of a JVM ({@code Redis}: a shared connection, dedicated connections
 * for blocking commands, retries across a reconnect), the server's address, the Lua scripts of the
 * primitives and the waiters' protocol ({@code Lua}, {@code Scripts}, {@code Waiting}), and the
 * handles of cluster objects ({@code RedisObject}).
 *
 * <p>Owns: every connection to Redis. May use: core's API and Lettuce; no other package of the
 * module.
 */
package dev.multitask.redis.client;

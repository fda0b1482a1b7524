/**
 * Internal: the local backend, {@link dev.multitask.local.LocalBackend}, for {@code
 * Multitask.threads()} (platform threads) and {@code Multitask.coroutines()} (virtual threads).
 * Stopping a job is an interrupt. Queues, locks, semaphores, events, conditions, barriers, shared
 * values and the manager's containers are built on {@code java.util.concurrent} (AQS, {@code
 * ReentrantLock}, atomics), never on {@code synchronized}, so that a blocked virtual thread frees
 * its carrier; shared memory is {@code process.shm}'s, since raw shared memory is a file either
 * way.
 *
 * <p>Owns: the local backend. May use: the API packages, {@code spi}, the {@code engine} packages,
 * and {@code process.shm} for shared memory.
 */
package dev.multitask.local;

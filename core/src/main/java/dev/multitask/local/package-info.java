/**
 * Internal: the thread ({@code Multitask.threads()}) and coroutine ({@code Multitask.coroutines()})
 * backends, on platform and virtual threads of this JVM. Stopping a job is an interrupt. Queues,
 * locks, semaphores, events, conditions, barriers and shared values are built on
 * {@code java.util.concurrent} (AQS, {@code ReentrantLock}, atomics), never on
 * {@code synchronized}, so that a blocked virtual thread frees its carrier.
 */
package dev.multitask.local;

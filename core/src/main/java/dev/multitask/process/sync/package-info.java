/**
 * Internal: the process backend of {@code dev.multitask.sync} and {@code dev.multitask.shared}:
 * each lock, semaphore, event, condition, barrier and shared value is a small segment in shared
 * memory ({@link dev.multitask.process.sync.SyncLayout}) whose words are changed with atomic
 * operations and waited on with {@code futex(2)}; locks are the one {@link
 * dev.multitask.process.shm.RobustMutex}. {@code RemoteWaits} publishes this process's lock waits
 * for deadlock detection in other processes.
 *
 * <p>Owns: process sync objects and shared values. May use: {@code process.shm}, {@code
 * engine.deadlock}, {@code codec}, {@code spi} and the API.
 */
package dev.multitask.process.sync;

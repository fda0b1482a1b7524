/**
 * The process backend of {@code dev.multitask.sync} and {@code dev.multitask.shared}: each lock,
 * semaphore, event, condition, barrier and shared value is a small segment in shared memory whose
 * words are changed with atomic operations and waited on with {@code futex(2)}.
 */
package dev.multitask.process.sync;

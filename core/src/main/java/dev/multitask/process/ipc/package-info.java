/**
 * Internal: the process backend's queues, {@link dev.multitask.process.ipc.ShmQueue}: elements
 * encoded in the caller and kept in shared memory. A control segment ({@link
 * dev.multitask.process.ipc.QueueDescriptor}: the two {@link
 * dev.multitask.process.shm.RobustMutex}es, the counts, the wait words) and a store: a chain of
 * rings for FIFO queues ({@link dev.multitask.process.ipc.ChainDescriptor}, {@link
 * dev.multitask.process.ipc.RingDescriptor}, the record protocol in {@link
 * dev.multitask.process.ipc.RingBuffer}; large elements in files of their own, {@code BlobFiles})
 * or a heap for LIFO and priority queues ({@link dev.multitask.process.ipc.HeapDescriptor}). Each
 * descriptor draws its layout and the rule that makes it safe against a process killed at any
 * point.
 *
 * <p>Owns: queues in shared memory. May use: {@code process.shm}, {@code codec}, {@code spi} and
 * the API.
 */
package dev.multitask.process.ipc;

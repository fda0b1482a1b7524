/**
 * Values shared between jobs, as Python's {@code multiprocessing.Value}, {@code Array} and {@code
 * shared_memory.SharedMemory}: {@link dev.multitask.shared.SharedLong}, {@link
 * dev.multitask.shared.SharedDouble}, {@link dev.multitask.shared.SharedLongArray}, {@link
 * dev.multitask.shared.SharedDoubleArray} and raw {@link dev.multitask.shared.SharedMemory}. Made
 * by a {@link dev.multitask.Context}; for processes they live in shared memory, so a child that
 * captures one reads and writes the same memory as its parent.
 *
 * <p>Single reads and writes of an element are atomic and volatile; the {@code addAndGet} and
 * {@code compareAndSet} operations are atomic across processes, so most counters need no lock.
 * {@code lock()} returns the object's own {@link dev.multitask.sync.Lock}, as {@code
 * Value.get_lock()}, for updates that span several operations.
 */
package dev.multitask.shared;

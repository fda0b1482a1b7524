package dev.multitask.process.ipc;

import java.util.List;

/**
 * Where a process queue keeps its encoded elements, as one process sees it: a chain of rings
 * ({@link FifoStore}) or a heap ({@link HeapStore}). The queue holds the right lock of its {@link
 * QueueControl} around every call: the producer lock for {@link #write}, the read lock ({@link
 * #readsUnderProducerLock()} says which) for {@link #read}, {@link #peek}, {@link #snapshot} and
 * {@link #hasElement}.
 */
interface ElementStore {

  /** Adds {@code element}; there is always room (stores grow), the queue enforces its capacity. */
  void write(byte[] element);

  /** Removes the next element; {@code null} if there is none. */
  byte[] read();

  /** The next element without removing it; {@code null} if there is none. */
  byte[] peek();

  /**
   * A copy of every element, in the order they were put, removing none; the read lock held. Large
   * elements stay references to their files, as {@link #read} returns them.
   */
  List<byte[]> snapshot();

  /**
   * Whether {@link #read} would find something to do (an element, or a step to the next segment).
   */
  boolean hasElement();

  /** Whether reads take the producer lock (one structure) rather than the consumer lock. */
  boolean readsUnderProducerLock();

  /**
   * Repairs after a lock was taken over from a process that died holding it.
   *
   * @param producerLock whether it was the producer lock (else the consumer lock)
   */
  void recover(boolean producerLock);

  /** Unmaps this process's mappings; the store stays usable by others. */
  void close();
}

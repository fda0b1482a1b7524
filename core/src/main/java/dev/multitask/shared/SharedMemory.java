package dev.multitask.shared;

import java.lang.foreign.MemorySegment;

/**
 * A block of raw memory shared between processes, as Python's {@code
 * multiprocessing.shared_memory.SharedMemory}: {@code n} zero-filled bytes in {@code /dev/shm} (or
 * {@code $MULTITASK_SHM_DIR}), mode 0600, as a {@link MemorySegment}. Pass it to a child by capture
 * (the name travels and the child maps the same memory) or by {@link #name()} and {@link
 * #attach(String)}.
 *
 * <p>Rules: {@link #close()} unmaps it in this process (using {@link #segment()} afterwards throws
 * {@link IllegalStateException}); {@link #unlink()} removes the name, so no new process can attach,
 * while the processes that mapped it keep their memory. The creating process unlinks it when its
 * context closes or it exits, and a sweep removes it if that process was killed; nothing is left in
 * {@code /dev/shm}. Access is plain memory: order concurrent reads and writes yourself (a {@link
 * dev.multitask.sync.Lock}, or the segment's atomic access modes).
 */
public interface SharedMemory extends AutoCloseable {
  /**
   * Maps the shared memory named {@code name}, made by another process (or this one).
   *
   * @param name the {@link #name()} of the block
   * @return this JVM's mapping of it
   * @throws IllegalArgumentException if {@code name} is not a multitask shared-memory name
   * @throws IllegalStateException if no such block exists (its creator unlinked it or exited)
   */
  static SharedMemory attach(String name) {
    return dev.multitask.spi.Platform.get().attachSharedMemory(name);
  }

  /**
   * The memory.
   *
   * @return the segment, valid until {@link #close()}
   */
  MemorySegment segment();

  /**
   * The size in bytes, as requested at creation.
   *
   * @return the size
   */
  long byteSize();

  /**
   * The name other processes {@linkplain #attach attach} by.
   *
   * @return the name
   */
  String name();

  /** Unmaps the memory in this process; a second call does nothing. */
  @Override
  void close();

  /** Removes the name (any process may); mapped memory stays valid. A second call does nothing. */
  void unlink();
}

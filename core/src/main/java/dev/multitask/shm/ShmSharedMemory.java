package dev.multitask.shm;

import dev.multitask.shared.SharedMemory;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SharedMemory} on a {@link SharedSegment}: the user's bytes are the whole segment, with no
 * header. The creator's {@link #close()} only unmaps (Python's rule: {@code close} and
 * {@code unlink} are separate); the name goes at {@link #unlink()}, at the creating context's close,
 * at the creator's exit, or in a sweep after the creator was killed.
 *
 * <p>Serializable as a handle: the receiving JVM maps the same memory, once per JVM (every copy
 * received there shares the mapping until one of them is closed).
 */
public final class ShmSharedMemory implements SharedMemory, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private static final ConcurrentHashMap<String, ShmSharedMemory> MAPPED = new ConcurrentHashMap<>();

  private final String name;
  private final transient SharedSegment segment;
  private transient volatile boolean closed;

  private ShmSharedMemory(SharedSegment segment) {
    this.name = segment.name();
    this.segment = segment;
  }

  /** Creates {@code bytes} zero-filled bytes owned by this process. */
  public static ShmSharedMemory create(long bytes) {
    ShmSharedMemory memory = new ShmSharedMemory(SharedSegment.createFor(SegmentFiles.self(), bytes));
    MAPPED.put(memory.name, memory);
    return memory;
  }

  /** Maps the block named {@code name} in this JVM, or returns this JVM's open mapping of it. */
  public static ShmSharedMemory attach(String name) {
    SegmentFiles.checkName(name);
    return MAPPED.compute(name, (n, mapped) -> mapped != null && !mapped.closed ? mapped
        : new ShmSharedMemory(SharedSegment.attach(n)));
  }

  @Override
  public MemorySegment segment() {
    if (closed) {
      throw new IllegalStateException("shared memory " + name + " is closed in this process: attach it again"
          + " with SharedMemory.attach(\"" + name + "\") if it is not unlinked");
    }
    return segment.memory();
  }

  @Override
  public long byteSize() {
    return segment.size();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      MAPPED.remove(name, this);
      segment.close();
    }
  }

  @Override
  public void unlink() {
    segment.unlink();
  }

  @Override
  public String toString() {
    return "SharedMemory[" + name + ", " + segment.size() + " bytes" + (closed ? ", closed" : "") + "]";
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return new Handle(name);
  }

  private record Handle(String name) implements Serializable {
    @Serial
    private Object readResolve() throws ObjectStreamException {
      return attach(name);
    }
  }
}

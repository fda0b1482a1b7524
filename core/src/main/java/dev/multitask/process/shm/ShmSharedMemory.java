package dev.multitask.process.shm;

import dev.multitask.codec.Codec;
import dev.multitask.codec.RecordMaker;
import dev.multitask.codec.TravelsAsRecord;
import dev.multitask.shared.SharedMemory;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link SharedMemory} on a {@link SharedSegment}: the user's bytes are the whole segment, with no
 * header. The creator's {@link #close()} only unmaps (Python's rule: {@code close} and {@code
 * unlink} are separate); the name goes at {@link #unlink()}, at the creating context's close, at
 * the creator's exit, or in a sweep after the creator was killed.
 *
 * <p>Serializable as a handle: the receiving JVM maps the same memory. Each object, made here or
 * attached, has its own {@link #close()}; one mapping per JVM serves them all and is unmapped when
 * the last of them is closed, so closing one never pulls the memory from under another.
 */
public final class ShmSharedMemory implements SharedMemory, TravelsAsRecord {
  @Serial private static final long serialVersionUID = 1L;

  /** This JVM's mappings by name, each with the number of open objects using it. */
  private static final ConcurrentHashMap<String, Mapping> MAPPINGS = new ConcurrentHashMap<>();

  private static final class Mapping {
    final SharedSegment segment;
    int users; // changed inside MAPPINGS.compute only

    Mapping(SharedSegment segment) {
      this.segment = segment;
    }
  }

  private final String name;
  private final transient SharedSegment segment;

  /**
   * This object's use of the mapping: dropped by {@link #close()}, or once nothing holds the
   * object.
   */
  private final transient Use use;

  private ShmSharedMemory(String name, SharedSegment segment) {
    this.name = name;
    this.segment = segment;
    this.use = new Use(name);
  }

  /** One object's use of this JVM's mapping of {@code name}; dropped once. */
  private static final class Use implements Runnable {
    final String name;
    final AtomicBoolean closed = new AtomicBoolean();

    Use(String name) {
      this.name = name;
    }

    @Override
    public void run() {
      if (closed.compareAndSet(false, true)) {
        MAPPINGS.computeIfPresent(
            name,
            (n, m) -> {
              if (--m.users > 0) {
                return m;
              }
              m.segment.closeIfUnused();
              return null;
            });
      }
    }
  }

  /**
   * Creates {@code bytes} zero-filled bytes owned by this process, unlinked when the context that
   * tracks them in {@code objects} closes (its name may have been handed out as a string, so the
   * block is kept until then even if this object is dropped); unmapped here at {@link #close()} or
   * once nothing holds this object, as Python keeps {@code close} and {@code unlink} apart.
   */
  public static ShmSharedMemory create(long bytes, MadeObjects objects) {
    SharedSegment segment =
        SharedSegment.createFor(SegmentFiles.self(), bytes); // close unmaps, never unlinks
    Mapping mapping = new Mapping(segment);
    mapping.users = 1;
    MAPPINGS.put(segment.name(), mapping);
    ShmSharedMemory memory = new ShmSharedMemory(segment.name(), segment);
    Reclaimer.register(memory, memory.use);
    objects.atClose(segment::unlink);
    return memory;
  }

  /**
   * A new object over the block named {@code name}, sharing this JVM's mapping of it if there is
   * one.
   */
  public static ShmSharedMemory attach(String name) {
    SegmentFiles.checkName(name);
    Mapping mapping =
        MAPPINGS.compute(
            name,
            (n, m) -> {
              Mapping use = m != null ? m : new Mapping(SharedSegment.attach(n));
              use.users++;
              return use;
            });
    ShmSharedMemory memory = new ShmSharedMemory(name, mapping.segment);
    Reclaimer.register(memory, memory.use);
    return memory;
  }

  @Override
  public MemorySegment segment() {
    if (use.closed.get()) {
      throw new IllegalStateException(
          "shared memory "
              + name
              + " is closed here: attach it again"
              + " with SharedMemory.attach(\""
              + name
              + "\") if it is not unlinked");
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
  public void close() {
    use.run();
  }

  @Override
  public void unlink() {
    segment.unlink();
  }

  @Override
  public String toString() {
    return "SharedMemory["
        + name
        + ", "
        + segment.size()
        + " bytes"
        + (use.closed.get() ? ", closed" : "")
        + "]";
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return new Handle(name);
  }

  private record Handle(String name) implements Serializable {
    static {
      Codec.makeRecords(MethodHandles.lookup(), new Maker());
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
      return attach(name);
    }

    /** Makes handles as the stream does, without the method handles a fresh worker would spin. */
    private static final class Maker implements RecordMaker<Handle> {
      @Override
      public Handle make(Object[] c) {
        return new Handle((String) c[0]);
      }

      @Override
      public Object resolve(Handle made) {
        return attach(made.name);
      }
    }
  }
}

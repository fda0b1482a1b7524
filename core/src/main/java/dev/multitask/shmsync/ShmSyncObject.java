package dev.multitask.shmsync;

import static dev.multitask.shmsync.SyncLayout.*;

import dev.multitask.shm.MemoryAccess;
import dev.multitask.shm.RobustMutex;
import dev.multitask.shm.SharedSegment;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The common part of every process lock, semaphore, event, condition, barrier and shared value:
 * its segment ({@link SyncLayout}), its mutex, and how it travels. Serialization writes a
 * {@link Handle} (kind, segment name, and what the kind needs besides); the receiving JVM maps the
 * segment once and every copy received there is the same object.
 */
abstract class ShmSyncObject implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** This JVM's objects by {@code kind:name}: what a received handle resolves to. */
  private static final ConcurrentHashMap<String, ShmSyncObject> MAPPED = new ConcurrentHashMap<>();

  final String name;
  final transient SharedSegment segment;
  final transient MemorySegment m;
  final transient RobustMutex mutex;
  /** The context's factory that made this object, whose close unlinks it; null in other processes. */
  private transient volatile ShmPrimitives madeBy;

  ShmSyncObject(SharedSegment segment) {
    this.name = segment.name();
    this.segment = segment;
    this.m = segment.memory();
    this.mutex = new RobustMutex(m, MUTEX_OFFSET);
  }

  /** The kind this object's handle names. */
  abstract Kind kind();

  /** What the handle carries besides the name (an action, a lock), or null. */
  Serializable handleExtra() {
    return null;
  }

  ShmPrimitives madeBy() {
    return madeBy;
  }

  void madeBy(ShmPrimitives maker) {
    madeBy = maker;
  }

  /** Registers a newly made object as this JVM's instance of its segment. */
  final <T extends ShmSyncObject> T register(T object) {
    MAPPED.put(object.kind() + ":" + object.name, object);
    return object;
  }

  static void unregister(ShmSyncObject object) {
    MAPPED.remove(object.kind() + ":" + object.name, object);
  }

  /** This JVM's instance of {@code kind} over segment {@code name}, mapping it on first use. */
  @SuppressWarnings("unchecked")
  static <T extends ShmSyncObject> T canonical(Kind kind, String name, Function<SharedSegment, T> make) {
    return (T) MAPPED.computeIfAbsent(kind + ":" + name, k -> make.apply(SharedSegment.attach(name)));
  }

  /** Creates a segment of {@code bytes} with the header of {@code kind}. */
  static SharedSegment create(Kind kind, long bytes, int intParam, boolean bounded, long longParam) {
    SharedSegment segment = SharedSegment.create(bytes);
    MemorySegment m = segment.memory();
    MemoryAccess.setIntPlain(m, KIND_OFFSET, kind.ordinal());
    MemoryAccess.setIntPlain(m, VERSION_OFFSET, VERSION);
    MemoryAccess.setIntPlain(m, INT_PARAM_OFFSET, intParam);
    MemoryAccess.setIntPlain(m, BOUNDED_OFFSET, bounded ? 1 : 0);
    MemoryAccess.setLongPlain(m, LONG_PARAM_OFFSET, longParam);
    MemoryAccess.setIntRelease(m, MAGIC_OFFSET, MAGIC);
    return segment;
  }

  /**
   * Checks that an attached segment holds a {@code kind} (or any kind if {@code kind} is null: the
   * mutex is at the same place in all) of this version.
   */
  static SharedSegment check(SharedSegment segment, Kind kind) {
    MemorySegment m = segment.memory();
    int magic = segment.size() >= BODY_OFFSET ? MemoryAccess.intAcquire(m, MAGIC_OFFSET) : 0;
    int version = magic == MAGIC ? MemoryAccess.intPlain(m, VERSION_OFFSET) : 0;
    int stored = MemoryAccess.intPlain(m, KIND_OFFSET);
    if (magic != MAGIC || version != VERSION || (kind != null && stored != kind.ordinal())) {
      segment.close();
      throw new IllegalStateException("segment " + segment.name() + " is not a version " + VERSION + " "
          + (kind == null ? "synchronization object" : kind.name().toLowerCase()) + ": magic="
          + Integer.toHexString(magic) + ", version=" + version + ", kind=" + stored);
    }
    return segment;
  }

  @Serial
  final Object writeReplace() throws ObjectStreamException {
    return new Handle(kind(), name, handleExtra());
  }

  /** What travels: the object is mapped again on the other side. */
  record Handle(Kind kind, String name, Serializable extra) implements Serializable {
    @Serial
    private Object readResolve() throws ObjectStreamException {
      return ShmPrimitives.resolve(this);
    }
  }
}

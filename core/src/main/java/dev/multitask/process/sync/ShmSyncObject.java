package dev.multitask.process.sync;

import static dev.multitask.process.sync.SyncLayout.*;

import dev.multitask.codec.Codec;
import dev.multitask.codec.RecordMaker;
import dev.multitask.codec.TravelsAsRecord;
import dev.multitask.engine.deadlock.WaitGraph;
import dev.multitask.process.shm.MadeObjects;
import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.Reclaimer;
import dev.multitask.process.shm.RobustMutex;
import dev.multitask.process.shm.SharedSegment;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The common part of every process lock, semaphore, event, condition, barrier and shared value: its
 * segment ({@link SyncLayout}), its mutex, and how it travels. Serialization writes a {@link
 * Handle} (kind, segment name, and what the kind needs besides); the receiving JVM maps the segment
 * once and every copy received there is the same object.
 */
abstract class ShmSyncObject implements TravelsAsRecord {
  @Serial private static final long serialVersionUID = 1L;

  static {
    WaitGraph.remote(RemoteWaits.REMOTE); // a process lock's waiters are seen from other processes
  }

  /**
   * This JVM's objects by {@code kind:name}, held weakly: what a received handle resolves to, as
   * long as something else holds the object; once nothing does, its mapping goes.
   */
  private static final ConcurrentHashMap<String, WeakReference<ShmSyncObject>> MAPPED =
      new ConcurrentHashMap<>();

  final String name;
  final transient SharedSegment segment;
  final transient MemorySegment m;
  final transient RobustMutex mutex;

  /**
   * The context's factory that made this object, whose close releases it; null in other processes.
   */
  private transient volatile ShmPrimitives madeBy;

  /** How the context that made it tracks it; null in other processes. */
  private transient volatile MadeObjects.Made made;

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

  private String key() {
    return key(kind(), name);
  }

  /**
   * The key of {@link #MAPPED} for {@code kind} over {@code name}. Concatenated by hand: a {@code
   * +} bootstraps the JDK's string concatenation, ~3 ms in a fresh worker attaching its first
   * object.
   */
  private static String key(Kind kind, String name) {
    return kind.name().concat(":").concat(name);
  }

  /**
   * Makes this newly created object this JVM's instance of its segment, released by {@code objects}
   * (its context's) when they close, or when nothing holds it and it never left this process.
   */
  final void madeBy(ShmPrimitives maker, MadeObjects objects) {
    String key = key();
    WeakReference<ShmSyncObject> ref = new WeakReference<>(this);
    madeBy = maker;
    made = objects.add(this, new Release(segment, key, ref, true));
    MAPPED.put(key, ref);
  }

  /**
   * Throws if this object's memory was released here (its context closed): every public operation
   * checks, so a late use fails with this message rather than the memory API's own.
   */
  final void checkOpen() {
    if (segment.isClosed()) {
      throw new IllegalStateException(
          this.getClass().getSimpleName().replace("Shm", "")
              + " "
              + name
              + " was released when the context that made it closed: make it with a context that is still open");
    }
  }

  /** Unlinks (for the creator) and unmaps a segment, and forgets its entry; runs once. */
  private record Release(
      SharedSegment segment, String key, WeakReference<ShmSyncObject> ref, boolean creator)
      implements Runnable {
    @Override
    public void run() {
      MAPPED.remove(key, ref);
      if (creator) {
        segment.unlink();
      }
      segment.closeIfUnused();
    }
  }

  /**
   * This JVM's instance of {@code kind} over segment {@code name}, made by {@code view} over a
   * segment this JVM has mapped already (a shared value's own lock): no mapping of its own, nothing
   * to release.
   */
  @SuppressWarnings("unchecked")
  static <T extends ShmSyncObject> T view(
      Kind kind, String name, java.util.function.Supplier<T> view) {
    Object[] found = new Object[1];
    MAPPED.compute(
        key(kind, name),
        (k, ref) -> {
          ShmSyncObject existing = ref == null ? null : ref.get();
          if (existing != null && !existing.segment.isClosed()) {
            found[0] = existing;
            return ref;
          }
          T made = view.get();
          found[0] = made;
          return new WeakReference<>(made);
        });
    return (T) found[0];
  }

  /**
   * This JVM's instance of {@code kind} over segment {@code name}, mapping it on first use ({@link
   * ShmPrimitives#over} makes it; {@code extra} is what its handle carries besides the name).
   */
  @SuppressWarnings("unchecked")
  static <T extends ShmSyncObject> T canonical(Kind kind, String name, Serializable extra) {
    String key = key(kind, name);
    WeakReference<ShmSyncObject> known = MAPPED.get(key);
    ShmSyncObject object = known == null ? null : known.get();
    if (object != null && !object.segment.isClosed()) {
      return (T) object;
    }
    Attach attach = new Attach(kind, name, extra);
    MAPPED.compute(key, attach);
    return (T) attach.found;
  }

  /**
   * {@link #canonical}'s step under the map's lock: the object mapped already, or one attached now.
   * A class, not a lambda: a fresh worker attaching its first object would spin one (~1 ms).
   */
  private static final class Attach
      implements BiFunction<String, WeakReference<ShmSyncObject>, WeakReference<ShmSyncObject>> {
    private final Kind kind;
    private final String name;
    private final Serializable extra;

    /** A strong reference while the map holds only a weak one. */
    ShmSyncObject found;

    Attach(Kind kind, String name, Serializable extra) {
      this.kind = kind;
      this.name = name;
      this.extra = extra;
    }

    @Override
    public WeakReference<ShmSyncObject> apply(String key, WeakReference<ShmSyncObject> ref) {
      ShmSyncObject existing = ref == null ? null : ref.get();
      if (existing != null && !existing.segment.isClosed()) {
        found = existing;
        return ref;
      }
      ShmSyncObject attached = ShmPrimitives.over(kind, SharedSegment.attach(name), extra);
      WeakReference<ShmSyncObject> mine = new WeakReference<>(attached);
      Reclaimer.register(attached, new Release(attached.segment, key, mine, false));
      found = attached;
      return mine;
    }
  }

  /** Creates a segment of {@code bytes} with the header of {@code kind}. */
  static SharedSegment create(
      Kind kind, long bytes, int intParam, boolean bounded, long longParam) {
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
      throw new IllegalStateException(
          "segment "
              + segment.name()
              + " is not a version "
              + VERSION
              + " "
              + (kind == null ? "synchronization object" : kind.name().toLowerCase())
              + ": magic="
              + Integer.toHexString(magic)
              + ", version="
              + version
              + ", kind="
              + stored);
    }
    return segment;
  }

  @Serial
  final Object writeReplace() throws ObjectStreamException {
    MadeObjects.Made tracked = made;
    if (tracked != null) {
      tracked.pin(this); // another process may attach it by name: keep it until the context closes
    }
    return new Handle(kind(), name, handleExtra());
  }

  /** What travels: the object is mapped again on the other side. */
  record Handle(Kind kind, String name, Serializable extra) implements Serializable {
    static {
      Codec.makeRecords(MethodHandles.lookup(), new Maker());
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
      return ShmPrimitives.resolve(this);
    }

    /** Makes handles as the stream does, without the method handles a fresh worker would spin. */
    private static final class Maker implements RecordMaker<Handle> {
      @Override
      public Handle make(Object[] c) {
        return new Handle((Kind) c[0], (String) c[1], (Serializable) c[2]);
      }

      @Override
      public Object resolve(Handle made) {
        return ShmPrimitives.resolve(made);
      }
    }
  }
}

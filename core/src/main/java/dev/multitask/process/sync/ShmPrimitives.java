package dev.multitask.process.sync;

import dev.multitask.Action;
import dev.multitask.codec.Codec;
import dev.multitask.engine.deadlock.Waitable;
import dev.multitask.process.shm.MadeObjects;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.process.shm.ShmSharedMemory;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.shared.SharedMemory;
import dev.multitask.spi.Primitives;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import dev.multitask.sync.Semaphore;
import java.io.Serializable;
import java.util.function.Function;

/**
 * The process backend's locks, semaphores, events, conditions, barriers and shared values: each a
 * segment of shared memory ({@link SyncLayout}). The objects one context made are released ({@link
 * MadeObjects}) when it closes, or before when nothing holds them and they never left this process;
 * a handle received from another process resolves here ({@link #resolve}).
 */
public final class ShmPrimitives implements Primitives {
  static {
    RemoteWaits.resolver(new LockOver());
  }

  /** A lock seen remotely, by its segment's name. A class: a lambda would be spun in a worker. */
  private static final class LockOver implements Function<String, Waitable> {
    @Override
    public Waitable apply(String name) {
      return lockOver(name);
    }
  }

  /**
   * What objects made outside any context are tracked by: released only when unreachable or at
   * exit.
   */
  private static final MadeObjects UNOWNED = new MadeObjects();

  private final MadeObjects objects;

  /**
   * A factory whose objects {@code objects} releases.
   *
   * @param objects the making context's objects, closed with it
   */
  public ShmPrimitives(MadeObjects objects) {
    this.objects = objects;
  }

  private <T extends ShmSyncObject> T made(T object) {
    object.madeBy(this, objects);
    return object;
  }

  /** Tracks an object made outside any context (a condition of a lock received from elsewhere). */
  static <T extends ShmSyncObject> T unowned(T object) {
    object.madeBy(null, UNOWNED);
    return object;
  }

  @Override
  public Lock lock() {
    return made(ShmLock.create());
  }

  @Override
  public RLock rlock() {
    return made(ShmRLock.create());
  }

  @Override
  public Semaphore semaphore(int permits, boolean bounded) {
    return made(ShmSemaphore.create(permits, bounded));
  }

  @Override
  public Event event() {
    return made(ShmEvent.create());
  }

  @Override
  public Condition condition(Lock lock) {
    if (!(lock instanceof ProcessMutex mutex)) {
      throw new IllegalArgumentException(
          "a process condition needs a lock made by a process context"
              + " (Multitask.processes().lock() or rlock()), not "
              + lock);
    }
    return made(ShmCondition.create(mutex));
  }

  @Override
  public Barrier barrier(int parties, Action action) {
    if (action != null) {
      Codec.encode(action); // fails here, naming the field path, if a child could not receive it
    }
    return made(ShmBarrier.create(parties, action));
  }

  @Override
  public SharedLong sharedLong(long initial) {
    return made(ShmSharedLong.create(initial));
  }

  @Override
  public SharedDouble sharedDouble(double initial) {
    return made(ShmSharedDouble.create(initial));
  }

  @Override
  public SharedLongArray sharedLongArray(int length) {
    return made(
        new ShmSharedArray.Longs(ShmSharedArray.segment(SyncLayout.Kind.LONG_ARRAY, length)));
  }

  @Override
  public SharedDoubleArray sharedDoubleArray(int length) {
    return made(
        new ShmSharedArray.Doubles(ShmSharedArray.segment(SyncLayout.Kind.DOUBLE_ARRAY, length)));
  }

  @Override
  public SharedMemory sharedMemory(long bytes) {
    return ShmSharedMemory.create(bytes, objects);
  }

  /**
   * A lock over the mutex of the segment {@code name}: a shared value's {@code lock()}, or a lock
   * seen remotely.
   */
  static ShmLock lockOver(String name) {
    return ShmSyncObject.canonical(SyncLayout.Kind.LOCK, name, null);
  }

  /** This JVM's object for a handle received from another process. */
  static Object resolve(ShmSyncObject.Handle handle) {
    return ShmSyncObject.canonical(handle.kind(), handle.name(), handle.extra());
  }

  /**
   * The object of {@code kind} over {@code segment}, just attached; {@code extra} is what its
   * handle carries besides the name. A lock's segment may be any kind's (a shared value's lock is
   * the value's own mutex).
   */
  static ShmSyncObject over(SyncLayout.Kind kind, SharedSegment segment, Serializable extra) {
    return switch (kind) {
      case LOCK -> new ShmLock(ShmSyncObject.check(segment, null));
      case RLOCK -> new ShmRLock(ShmSyncObject.check(segment, kind));
      case SEMAPHORE -> new ShmSemaphore(ShmSyncObject.check(segment, kind));
      case EVENT -> new ShmEvent(ShmSyncObject.check(segment, kind));
      case CONDITION -> new ShmCondition(ShmSyncObject.check(segment, kind), (ProcessMutex) extra);
      case BARRIER -> new ShmBarrier(ShmSyncObject.check(segment, kind), (Action) extra);
      case LONG -> new ShmSharedLong(ShmSyncObject.check(segment, kind));
      case DOUBLE -> new ShmSharedDouble(ShmSyncObject.check(segment, kind));
      case LONG_ARRAY -> new ShmSharedArray.Longs(ShmSyncObject.check(segment, kind));
      case DOUBLE_ARRAY -> new ShmSharedArray.Doubles(ShmSyncObject.check(segment, kind));
    };
  }
}

package dev.multitask.local;

import dev.multitask.Action;
import dev.multitask.process.shm.MadeObjects;
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

/**
 * The thread and coroutine backends' locks, semaphores, events, conditions, barriers and shared
 * values, over {@code java.util.concurrent}: none pins a virtual thread's carrier. Shared memory is
 * the process backend's ({@code /dev/shm}), so that other processes may attach it by name; {@link
 * #release()} unlinks the blocks made here.
 */
final class LocalPrimitives implements Primitives {
  private final String backend;

  /**
   * The shared memory made here (in /dev/shm even for threads): released when the context closes.
   */
  private final MadeObjects memories = new MadeObjects();

  /**
   * @param backend the name locks give in messages: "threads" or "coroutines"
   */
  LocalPrimitives(String backend) {
    this.backend = backend;
  }

  @Override
  public Lock lock() {
    return new LocalLock(backend);
  }

  @Override
  public RLock rlock() {
    return new LocalRLock(backend);
  }

  @Override
  public Semaphore semaphore(int permits, boolean bounded) {
    return new LocalSemaphore(permits, bounded, backend);
  }

  @Override
  public Event event() {
    return new LocalEvent();
  }

  @Override
  public Condition condition(Lock lock) {
    return new LocalCondition(lock);
  }

  @Override
  public Barrier barrier(int parties, Action action) {
    return new LocalBarrier(parties, action);
  }

  @Override
  public SharedLong sharedLong(long initial) {
    return new LocalSharedLong(initial, backend);
  }

  @Override
  public SharedDouble sharedDouble(double initial) {
    return new LocalSharedDouble(initial, backend);
  }

  @Override
  public SharedLongArray sharedLongArray(int length) {
    return new LocalSharedLongArray(length, backend);
  }

  @Override
  public SharedDoubleArray sharedDoubleArray(int length) {
    return new LocalSharedDoubleArray(length, backend);
  }

  @Override
  public SharedMemory sharedMemory(long bytes) {
    return ShmSharedMemory.create(bytes, memories);
  }

  /** Unlinks and unmaps the shared memory made here. */
  void release() {
    memories.close();
  }
}

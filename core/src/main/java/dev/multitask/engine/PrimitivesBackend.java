package dev.multitask.engine;

import dev.multitask.Action;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.shared.SharedMemory;
import dev.multitask.spi.Backend;
import dev.multitask.spi.Primitives;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import dev.multitask.sync.Semaphore;

/**
 * A {@link Backend} whose sync objects and shared values all come from one {@link Primitives}
 * factory: the thread, coroutine and process backends. Subclasses supply the factory and the rest
 * of the interface.
 */
public abstract class PrimitivesBackend implements Backend {
  /** For subclasses. */
  protected PrimitivesBackend() {}

  /**
   * The factory of this backend's sync objects and shared values.
   *
   * @return the same factory on every call
   */
  protected abstract Primitives primitives();

  @Override
  public final Lock lock() {
    return primitives().lock();
  }

  @Override
  public final RLock rlock() {
    return primitives().rlock();
  }

  @Override
  public final Semaphore semaphore(int permits, boolean bounded) {
    return primitives().semaphore(permits, bounded);
  }

  @Override
  public final Event event() {
    return primitives().event();
  }

  @Override
  public final Condition condition(Lock lock) {
    return primitives().condition(lock);
  }

  @Override
  public final Barrier barrier(int parties, Action action) {
    return primitives().barrier(parties, action);
  }

  @Override
  public final SharedLong sharedLong(long initial) {
    return primitives().sharedLong(initial);
  }

  @Override
  public final SharedDouble sharedDouble(double initial) {
    return primitives().sharedDouble(initial);
  }

  @Override
  public final SharedLongArray sharedLongArray(int length) {
    return primitives().sharedLongArray(length);
  }

  @Override
  public final SharedDoubleArray sharedDoubleArray(int length) {
    return primitives().sharedDoubleArray(length);
  }

  @Override
  public final SharedMemory sharedMemory(long bytes) {
    return primitives().sharedMemory(bytes);
  }
}

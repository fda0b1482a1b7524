package dev.multitask.engine;

import dev.multitask.Action;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.shared.SharedMemory;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import dev.multitask.sync.Semaphore;

/**
 * What makes a backend's sync objects and shared values: the part of {@link
 * dev.multitask.spi.Backend} that a backend with a factory of its own hands over whole (see {@link
 * PrimitivesBackend}). Arguments arrive checked by {@link BackendContext}.
 */
public interface Primitives {
  /** A new lock. */
  Lock lock();

  /** A new reentrant lock. */
  RLock rlock();

  /** A new semaphore of {@code permits}; {@code bounded}: releases beyond it throw. */
  Semaphore semaphore(int permits, boolean bounded);

  /** A new event, clear. */
  Event event();

  /** A new condition over {@code lock}. */
  Condition condition(Lock lock);

  /** A new barrier of {@code parties}; {@code action} (or null) runs once per round. */
  Barrier barrier(int parties, Action action);

  /** A new shared long. */
  SharedLong sharedLong(long initial);

  /** A new shared double. */
  SharedDouble sharedDouble(double initial);

  /** A new shared long array of {@code length} zeros. */
  SharedLongArray sharedLongArray(int length);

  /** A new shared double array of {@code length} zeros. */
  SharedDoubleArray sharedDoubleArray(int length);

  /** A new block of {@code bytes} of shared memory. */
  SharedMemory sharedMemory(long bytes);
}

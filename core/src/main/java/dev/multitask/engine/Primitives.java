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
 * What a backend makes for {@link AbstractContext}'s synchronization and shared-value methods.
 * Arguments arrive checked (permits, parties and lengths not negative, sizes positive, no null
 * but the optional barrier action) and the context open.
 */
public interface Primitives {
  Lock lock();

  RLock rlock();

  Semaphore semaphore(int permits, boolean bounded);

  Event event();

  /** A condition over {@code lock}; a lock of another backend is an {@link IllegalArgumentException}. */
  Condition condition(Lock lock);

  /** A barrier; {@code action} may be null. */
  Barrier barrier(int parties, Action action);

  SharedLong sharedLong(long initial);

  SharedDouble sharedDouble(double initial);

  SharedLongArray sharedLongArray(int length);

  SharedDoubleArray sharedDoubleArray(int length);

  SharedMemory sharedMemory(long bytes);
}

package dev.multitask.spi;

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
 * The part of a {@link Backend} that makes sync objects and shared values: a factory a backend may
 * keep in an object of its own and hand over whole. Arguments arrive checked, as for every {@link
 * Backend} call.
 */
public interface Primitives {
  /**
   * Makes a lock, not reentrant.
   *
   * @return the lock, unlocked
   */
  Lock lock();

  /**
   * Makes a reentrant lock.
   *
   * @return the lock, unlocked
   */
  RLock rlock();

  /**
   * Makes a semaphore.
   *
   * @param permits the permits it starts with
   * @param bounded whether releasing past the initial permits fails
   * @return the semaphore
   */
  Semaphore semaphore(int permits, boolean bounded);

  /**
   * Makes an event.
   *
   * @return the event, clear
   */
  Event event();

  /**
   * Makes a condition.
   *
   * @param lock the lock it waits with, made by this backend
   * @return the condition
   * @throws IllegalArgumentException if {@code lock} is another backend's
   */
  Condition condition(Lock lock);

  /**
   * Makes a barrier.
   *
   * @param parties how many parties a round waits for
   * @param action run by the last party of each round, or null
   * @return the barrier
   */
  Barrier barrier(int parties, Action action);

  /**
   * Makes a shared 64-bit integer with its own lock.
   *
   * @param initial its value
   * @return the value
   */
  SharedLong sharedLong(long initial);

  /**
   * Makes a shared double with its own lock.
   *
   * @param initial its value
   * @return the value
   */
  SharedDouble sharedDouble(double initial);

  /**
   * Makes a shared array of longs with its own lock.
   *
   * @param length its length
   * @return the array, zeroed
   */
  SharedLongArray sharedLongArray(int length);

  /**
   * Makes a shared array of doubles with its own lock.
   *
   * @param length its length
   * @return the array, zeroed
   */
  SharedDoubleArray sharedDoubleArray(int length);

  /**
   * Makes raw shared memory.
   *
   * @param bytes its size
   * @return the memory, zeroed
   */
  SharedMemory sharedMemory(long bytes);
}

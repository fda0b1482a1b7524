package dev.multitask.shmsync;

import dev.multitask.Action;
import dev.multitask.job.Primitives;
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

/** TODO: the shmsync backend's primitives (being written). */
public final class ShmPrimitives implements Primitives {
  private static UnsupportedOperationException notYet() {
    return new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public Lock lock() {
    throw notYet();
  }

  @Override
  public RLock rlock() {
    throw notYet();
  }

  @Override
  public Semaphore semaphore(int permits, boolean bounded) {
    throw notYet();
  }

  @Override
  public Event event() {
    throw notYet();
  }

  @Override
  public Condition condition(Lock lock) {
    throw notYet();
  }

  @Override
  public Barrier barrier(int parties, Action action) {
    throw notYet();
  }

  @Override
  public SharedLong sharedLong(long initial) {
    throw notYet();
  }

  @Override
  public SharedDouble sharedDouble(double initial) {
    throw notYet();
  }

  @Override
  public SharedLongArray sharedLongArray(int length) {
    throw notYet();
  }

  @Override
  public SharedDoubleArray sharedDoubleArray(int length) {
    throw notYet();
  }

  @Override
  public SharedMemory sharedMemory(long bytes) {
    throw notYet();
  }
}

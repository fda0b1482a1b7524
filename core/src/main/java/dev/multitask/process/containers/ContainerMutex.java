package dev.multitask.process.containers;

import dev.multitask.process.shm.Futex;
import dev.multitask.process.shm.RobustMutex;
import java.lang.foreign.MemorySegment;

/**
 * The robust cross-process mutex of the shared containers ({@code dev.multitask.shmmap}): the one
 * place they lock. A {@link RobustMutex} on {@value #BYTES} bytes of a segment, outside the
 * wait-for graph: a container's lock is held only for the length of one operation, never while its
 * holder waits for anything else.
 *
 * <p>Any thread of any process that maps the segment may lock; the locking thread unlocks. Not
 * reentrant: use {@link #isHeldByCurrentThread()} to refuse a recursive use before locking. If the
 * owner process dies holding the mutex, the next locker takes it over and {@link #lock()} says so,
 * so that it can repair what the dead owner may have left half-done.
 *
 * <p>Memory consistency effects: actions of a process before it unlocks happen-before the actions
 * of whichever thread, in any process, locks next. Progress: blocking, spin then futex; not
 * interruptible (an interrupt is kept for the caller).
 */
public final class ContainerMutex {
  /** The bytes the mutex takes, from its offset (8-byte aligned). */
  public static final long BYTES = RobustMutex.SIZE;

  private final RobustMutex word;

  /**
   * The mutex at {@code offset} of {@code memory}.
   *
   * @param memory the mapped segment
   * @param offset where the mutex's {@value #BYTES} bytes start, 8-byte aligned
   */
  public ContainerMutex(MemorySegment memory, long offset) {
    this.word = new RobustMutex(memory, offset);
  }

  /**
   * Locks, waiting as long as it takes; an interrupt while waiting is kept for the caller.
   *
   * @return whether the mutex was taken over from an owner process that died holding it
   */
  public boolean lock() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          RobustMutex.Outcome outcome = word.lock(Futex.FOREVER, null);
          if (outcome.locked()) {
            return outcome == RobustMutex.Outcome.OWNER_DIED;
          }
        } catch (InterruptedException e) {
          interrupted = true; // a container call does not throw InterruptedException: wait on
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Unlocks.
   *
   * @throws IllegalStateException if the mutex is not locked
   */
  public void unlock() {
    word.unlock(this);
  }

  /**
   * Whether the calling thread holds the mutex.
   *
   * @return true if it locked and has not unlocked
   */
  public boolean isHeldByCurrentThread() {
    return word.isHeldByCurrentThread();
  }

  @Override
  public String toString() {
    return "a shared container's lock";
  }
}

package dev.multitask.coro;

/**
 * Something {@link Timers} wakes at a deadline: a coroutine's timed wait, or a timeout scope. The
 * fields belong to {@link Timers} and are guarded by its lock.
 */
abstract class TimerEntry {
  /** When it expires, on the {@link System#nanoTime()} clock. */
  long deadline;

  /** Ties between equal deadlines are broken by scheduling order, so that they fire FIFO. */
  long order;

  /** What the entry was scheduled for, handed back to {@link #expire}; read under the lock. */
  long token;

  /** Where it sits in the heap, -1 when it is not scheduled. */
  int heapIndex = -1;

  /**
   * Called on the timer thread, without locks, once the deadline has passed.
   *
   * @param token the token the entry was scheduled with; the entry may have been scheduled again
   *     since (with another token), which the implementation must tell apart
   */
  abstract void expire(long token);
}

package dev.multitask.coro;

/**
 * One coroutine waiting in a primitive's {@link WaitQueue}. A primitive grants what is awaited (a
 * lock, a permit, an element) only through {@link #wake()}: if the wake loses to the waiter's own
 * timeout or cancellation, nothing was granted, and the primitive moves on to the next waiter. So a
 * grant is never lost and never given twice.
 */
final class Waiter {
  final Fiber fiber;
  final long seq;
  Waiter prev;
  Waiter next;
  boolean queued;

  /** What a queue hands over (an element for a taker; a putter's element). */
  Object item;

  /** A barrier party's arrival index. */
  int index;

  Waiter(Fiber fiber, long seq) {
    this.fiber = fiber;
    this.seq = seq;
  }

  /** Wakes the waiter if its wait is still on; whether this call did. */
  boolean wake() {
    return fiber.tryWake(seq, Fiber.WOKEN);
  }
}

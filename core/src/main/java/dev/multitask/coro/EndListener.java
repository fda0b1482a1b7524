package dev.multitask.coro;

/**
 * Told when a coroutine ends: a waiting joiner, a combinator, a group, a link callback. One
 * listener object may watch many coroutines (a gather of a million registers one), so it holds no
 * per-coroutine links; the coroutine keeps its listeners in a small array. A listener runs once per
 * coroutine, on the thread of the coroutine that ended while it still holds its loop, so it must
 * only wake coroutines or count, never block.
 */
abstract class EndListener {
  /** The coroutine {@code ended} has ended; its outcome is set. */
  abstract void ended(Coroutine<?> ended);

  /** Wakes a fiber's wait when the coroutine ends. */
  static final class Wake extends EndListener {
    private final Fiber fiber;
    private final long seq;

    Wake(Fiber fiber, long seq) {
      this.fiber = fiber;
      this.seq = seq;
    }

    @Override
    void ended(Coroutine<?> ended) {
      fiber.tryWake(seq, Fiber.WOKEN);
    }
  }
}

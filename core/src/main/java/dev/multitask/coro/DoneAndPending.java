package dev.multitask.coro;

import java.util.List;

/**
 * What {@link Coroutines#wait} returns: asyncio's {@code (done, pending)}.
 *
 * @param done the coroutines that had ended, in the order they ended
 * @param pending the others, in the order they were given
 * @param <T> their value type
 */
public record DoneAndPending<T>(List<Coroutine<T>> done, List<Coroutine<T>> pending) {
  /** Copies the lists. */
  public DoneAndPending {
    done = List.copyOf(done);
    pending = List.copyOf(pending);
  }
}

package dev.multitask.coro;

import java.io.Serial;
import java.util.concurrent.CancellationException;

/**
 * A coroutine was cancelled: asyncio's {@code CancelledError}. Thrown at an await point of a
 * coroutine that has a pending cancellation, and by the calls that ask a cancelled coroutine for
 * its result ({@link Coroutine#get()}, {@link Coroutine#result()}, {@link Coroutines#gather}). The
 * message names the coroutine that was cancelled.
 *
 * <p>Catching it does not make the cancellation go away: the next await point of the cancelled
 * coroutine throws it again, until the coroutine ends (or until {@link Coroutine#uncancel()} takes
 * the request back). A body that ends with it ends the coroutine {@linkplain Coroutine#cancelled()
 * cancelled}. So catch it to clean up (awaits in clean-up code go in {@link
 * Coroutines#nonCancellable}), not to carry on: a loop that catches it and awaits again only spins
 * until it gives up.
 */
public class CancelledException extends CancellationException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Makes one.
   *
   * @param message what was cancelled, and why if known
   */
  public CancelledException(String message) {
    super(message);
  }
}

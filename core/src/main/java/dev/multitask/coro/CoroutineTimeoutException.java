package dev.multitask.coro;

import java.io.Serial;

/**
 * A timed await ran out of time: asyncio's {@code TimeoutError}. Thrown by {@link
 * Coroutines#waitFor}, {@link Coroutines#timeout}, {@link Coroutines#await(
 * java.util.concurrent.CompletableFuture, java.time.Duration)}, {@link Coroutine#get(
 * java.time.Duration)} and the iteration of {@link Coroutines#asCompleted}; gevent's {@link
 * Timeout} is one too. Unchecked, as every exception of an await point here.
 */
public class CoroutineTimeoutException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Makes one.
   *
   * @param message what timed out, and after how long
   */
  public CoroutineTimeoutException(String message) {
    super(message);
  }

  /**
   * Makes one with a cause (the cancellation that stopped the timed-out work).
   *
   * @param message what timed out, and after how long
   * @param cause what stopped the work
   */
  public CoroutineTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}

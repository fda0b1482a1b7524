package dev.multitask.coro;

import java.io.Serial;
import java.util.concurrent.CompletionException;

/**
 * A coroutine ended with an exception; asking for its result throws this, with the coroutine's
 * exception as the {@linkplain #getCause() cause}. Thrown by {@link Coroutine#get()}, {@link
 * Coroutine#result()}, {@link Coroutines#gather}, {@link Coroutines#waitFor} and by a {@link
 * TaskGroup} (there the first failure is the cause and the others are {@linkplain #getSuppressed()
 * suppressed}). A {@link CompletionException}, as Java's {@code CompletableFuture.join()} throws,
 * so one {@code catch} covers both.
 */
public class CoroutineFailedException extends CompletionException {
  @Serial private static final long serialVersionUID = 1L;

  /** The name of the coroutine that failed. */
  private final String coroutine;

  /**
   * Makes one.
   *
   * @param coroutine the name of the coroutine that failed
   * @param cause its exception
   */
  public CoroutineFailedException(String coroutine, Throwable cause) {
    super("coroutine '" + coroutine + "' failed: " + cause, cause);
    this.coroutine = coroutine;
  }

  /**
   * The name of the coroutine that failed.
   *
   * @return its name
   */
  public String coroutine() {
    return coroutine;
  }
}

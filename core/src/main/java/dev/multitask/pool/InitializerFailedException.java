package dev.multitask.pool;

import java.io.Serial;

/**
 * A pool's initializer threw in a new worker: the worker is not used, and the task it was started
 * for fails with this exception, whose cause is the initializer's. The next task starts another
 * worker and tries again.
 */
public final class InitializerFailedException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param pid the worker's process
   * @param cause what the initializer threw
   */
  public InitializerFailedException(long pid, Throwable cause) {
    super("the pool's initializer failed in worker process " + pid + ": " + cause, cause);
  }
}

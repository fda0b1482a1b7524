package dev.multitask.workers;

import java.io.Serial;

/** A worker's initializer threw: the worker is not used, and the item it was started for fails with this. */
public final class InitializerFailedException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * @param pid the worker's process
   * @param cause what the initializer threw
   */
  public InitializerFailedException(long pid, Throwable cause) {
    super("the pool's initializer failed in worker process " + pid + ": " + cause, cause);
  }
}

package dev.multitask.ipc;

import java.io.Serial;

/**
 * Thrown by a put on a closed {@link Queue}, and by {@link Queue#take()} once a closed queue is
 * drained.
 */
public class QueueClosedException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was closed and what the caller tried
   */
  public QueueClosedException(String message) {
    super(message);
  }
}

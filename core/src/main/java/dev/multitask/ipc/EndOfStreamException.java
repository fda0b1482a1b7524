package dev.multitask.ipc;

import java.io.Serial;

/**
 * Thrown by {@link Connection#recv()} when the other end is closed and everything it sent has been
 * received: Python's {@code EOFError}.
 */
public class EndOfStreamException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which connection ended
   */
  public EndOfStreamException(String message) {
    super(message);
  }
}

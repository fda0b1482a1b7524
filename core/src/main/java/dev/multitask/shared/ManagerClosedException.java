package dev.multitask.shared;

import java.io.Serial;

/**
 * A call through a {@link RemoteManager} or one of its proxies found the manager gone: its server
 * closed, its process ended, or its address does not answer. Thrown at once, never after a hang.
 */
public class ManagerClosedException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * An exception with a message saying which manager is gone and why.
   *
   * @param message the message
   * @param cause what the connection reported, or null
   */
  public ManagerClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}

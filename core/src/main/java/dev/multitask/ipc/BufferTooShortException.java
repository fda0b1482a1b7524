package dev.multitask.ipc;

import java.io.Serial;

/**
 * Thrown by {@link Connection#recvBytesInto} when the message received does not fit the buffer:
 * Python's {@code BufferTooShort}. The message is received all the same (it is no longer in the
 * pipe); {@link #message()} carries it, as Python's {@code e.args[0]} does.
 */
public class BufferTooShortException extends IllegalArgumentException {
  @Serial private static final long serialVersionUID = 1L;

  /** The whole message; never shared with a caller (copied out by {@link #message()}). */
  private final byte[] message;

  /**
   * Creates the exception.
   *
   * @param description which end, how long the message and how much room there was
   * @param message the message received, which the exception keeps (not copied)
   */
  public BufferTooShortException(String description, byte[] message) {
    super(description);
    this.message = message;
  }

  /**
   * The message that did not fit.
   *
   * @return a copy of its bytes
   */
  public byte[] message() {
    return message.clone();
  }
}

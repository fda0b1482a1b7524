package dev.multitask.ipc;

/**
 * Two connected ends, as Python's {@code multiprocessing.Pipe()}: what one end sends the other
 * receives, in order. A duplex pipe carries messages both ways; a one-way pipe ({@code
 * pipe(false)}) has a {@link #left()} end that only receives and a {@link #right()} end that only
 * sends, as Python's {@code (reader, writer)} pair.
 *
 * @param <T> the message type
 */
public interface Pipe<T> {

  /**
   * The left end: receive-only in a one-way pipe.
   *
   * @return the end
   */
  Connection<T> left();

  /**
   * The right end: send-only in a one-way pipe.
   *
   * @return the end
   */
  Connection<T> right();

  /**
   * Whether both ends send and receive.
   *
   * @return true for a duplex pipe
   */
  boolean isDuplex();
}

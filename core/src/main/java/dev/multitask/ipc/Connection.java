package dev.multitask.ipc;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * One end of a {@link Pipe}, as Python's {@code multiprocessing.connection.Connection}. Messages
 * arrive in the order they were sent; {@link #send} never waits (the pipe grows as needed) and
 * serializes in the caller, so an unserializable message fails there, naming the field path.
 *
 * <p>When the other end is {@linkplain #close() closed} and every message it sent has been
 * received, {@link #recv()} throws {@link EndOfStreamException} (Python's {@code EOFError}) and
 * {@link #poll(Duration)} returns true so that the caller's {@code recv} sees the end. Several
 * threads or processes may use one end; each message is received once.
 *
 * <p>Raw bytes sent with {@link #sendBytes} are received with {@link #recvBytes}; {@link #recv()}
 * on them throws {@link IllegalStateException} and leaves them to be read with {@code recvBytes},
 * so nothing is lost.
 *
 * @param <T> the message type
 */
public interface Connection<T> extends AutoCloseable {

  /**
   * Sends {@code message} to the other end.
   *
   * @param message the message, not null
   * @throws IllegalStateException if this end is receive-only or closed, or the other end is closed
   *     (Python's {@code BrokenPipeError})
   * @throws IllegalArgumentException if the message cannot be serialized for another process
   */
  void send(T message);

  /**
   * Receives the next message, waiting as long as it takes.
   *
   * @return the message
   * @throws EndOfStreamException if the other end is closed and everything it sent was received
   * @throws IllegalStateException if this end is send-only or closed, or the next message is raw
   *     bytes (read them with {@link #recvBytes()})
   * @throws InterruptedException if interrupted while waiting; nothing was received
   */
  T recv() throws InterruptedException;

  /**
   * Sends {@code bytes} as they are, as Python's {@code send_bytes}.
   *
   * @param bytes the bytes, not null
   * @throws IllegalStateException if this end is receive-only or closed
   */
  void sendBytes(byte[] bytes);

  /**
   * Sends {@code size} bytes of {@code bytes} from {@code offset} as one message, as Python's
   * {@code send_bytes(buf, offset, size)}.
   *
   * @param bytes the buffer, not null
   * @param offset where the message starts, {@code 0 <= offset <= bytes.length}
   * @param size how many bytes, {@code 0 <= size <= bytes.length - offset}
   * @throws IndexOutOfBoundsException if {@code offset} or {@code size} fall outside {@code bytes}
   *     (Python's {@code ValueError})
   * @throws IllegalStateException if this end is receive-only or closed
   */
  default void sendBytes(byte[] bytes, int offset, int size) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(offset, size, bytes.length);
    sendBytes(Arrays.copyOfRange(bytes, offset, offset + size));
  }

  /**
   * Receives the next message as bytes: raw bytes as they were sent, or the serialized form of a
   * message sent with {@link #send}.
   *
   * @return the bytes
   * @throws EndOfStreamException if the other end is closed and everything it sent was received
   * @throws IllegalStateException if this end is send-only or closed
   * @throws InterruptedException if interrupted while waiting; nothing was received
   */
  byte[] recvBytes() throws InterruptedException;

  /**
   * Receives the next message, as {@link #recvBytes()} does, into {@code buffer}, as Python's
   * {@code recv_bytes_into(buffer)}.
   *
   * @param buffer where the message goes, from index 0
   * @return the message's length in bytes
   * @throws BufferTooShortException if the message is longer than the buffer; the message is
   *     received all the same and the exception carries it
   * @throws EndOfStreamException if the other end is closed and everything it sent was received
   * @throws IllegalStateException if this end is send-only or closed
   * @throws InterruptedException if interrupted while waiting; nothing was received
   */
  default int recvBytesInto(byte[] buffer) throws InterruptedException {
    return recvBytesInto(buffer, 0);
  }

  /**
   * Receives the next message into {@code buffer} from {@code offset}, as Python's {@code
   * recv_bytes_into(buffer, offset)}.
   *
   * @param buffer where the message goes
   * @param offset where in {@code buffer} it starts, {@code 0 <= offset <= buffer.length}
   * @return the message's length in bytes
   * @throws IndexOutOfBoundsException if {@code offset} is outside {@code buffer} (checked before
   *     anything is received)
   * @throws BufferTooShortException if the message is longer than {@code buffer.length - offset};
   *     the message is received all the same and the exception carries it
   * @throws EndOfStreamException if the other end is closed and everything it sent was received
   * @throws IllegalStateException if this end is send-only or closed
   * @throws InterruptedException if interrupted while waiting; nothing was received
   */
  default int recvBytesInto(byte[] buffer, int offset) throws InterruptedException {
    Objects.requireNonNull(buffer, "buffer");
    Objects.checkIndex(offset, buffer.length + 1);
    byte[] message = recvBytes();
    if (message.length > buffer.length - offset) {
      throw new BufferTooShortException(
          "a message of "
              + message.length
              + " bytes does not fit"
              + " the "
              + (buffer.length - offset)
              + " bytes of the buffer from offset "
              + offset
              + ": it is received, and carried by this exception",
          message);
    }
    System.arraycopy(message, 0, buffer, offset, message.length);
    return message.length;
  }

  /**
   * Waits up to {@code timeout} for something to receive.
   *
   * @param timeout how long to wait at most; zero checks without waiting
   * @return true if {@link #recv()} would not wait: a message is there, or the other end is closed
   *     and drained
   * @throws IllegalStateException if this end is send-only or closed
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws InterruptedException if interrupted while waiting
   */
  boolean poll(Duration timeout) throws InterruptedException;

  /**
   * Closes this end: later calls on it throw {@link IllegalStateException}, the other end receives
   * what was sent before and then {@link EndOfStreamException}, and its later sends fail. Closing
   * twice does nothing.
   *
   * <p>Unlike a Python file descriptor, an end is one object for every process that holds it:
   * closing it in one process closes it for all. So Python's habit of closing the child's end in
   * the parent after starting the child must not be copied; close an end where its last user is
   * done with it.
   */
  @Override
  void close();

  /**
   * Whether {@link #close()} was called on this end in this process, as Python's {@code
   * conn.closed}. In another process that holds the end, its close shows as the end of the stream
   * instead ({@link EndOfStreamException}).
   *
   * @return true once closed here
   */
  boolean isClosed();

  /**
   * Whether this end may send.
   *
   * @return false for the left end of a one-way pipe
   */
  boolean canSend();

  /**
   * Whether this end may receive.
   *
   * @return false for the right end of a one-way pipe
   */
  boolean canReceive();
}

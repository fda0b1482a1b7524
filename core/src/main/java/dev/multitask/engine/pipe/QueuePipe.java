package dev.multitask.engine.pipe;

import dev.multitask.ipc.Connection;
import dev.multitask.ipc.Pipe;
import dev.multitask.ipc.Queue;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link Pipe} made of a backend's queues: a duplex pipe is two queues, one per direction; a
 * one-way pipe is one queue, taken from by the {@link #left()} end and put into by the {@link
 * #right()} end. The ends are {@link QueueConnection}s; the pipe is as serializable as its queues
 * (a process queue is a handle).
 *
 * @param <T> the message type
 */
public final class QueuePipe<T> implements Pipe<T>, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final QueueConnection<T> left;
  private final QueueConnection<T> right;

  private QueuePipe(QueueConnection<T> left, QueueConnection<T> right) {
    this.left = left;
    this.right = right;
  }

  /**
   * Makes a pipe from new queues.
   *
   * @param duplex whether both ends send and receive
   * @param queues makes one new, empty, unbounded queue per call (two calls for a duplex pipe, one
   *     for a one-way pipe)
   * @param <T> the message type
   * @return the pipe
   */
  public static <T> QueuePipe<T> create(boolean duplex, Supplier<? extends Queue<Object>> queues) {
    Objects.requireNonNull(queues, "queues");
    if (!duplex) {
      Queue<Object> rightToLeft = Objects.requireNonNull(queues.get(), "queues.get()");
      return new QueuePipe<>(
          new QueueConnection<>("left", rightToLeft, null),
          new QueueConnection<>("right", null, rightToLeft));
    }
    Queue<Object> leftToRight = Objects.requireNonNull(queues.get(), "queues.get()");
    Queue<Object> rightToLeft = Objects.requireNonNull(queues.get(), "queues.get()");
    return new QueuePipe<>(
        new QueueConnection<>("left", rightToLeft, leftToRight),
        new QueueConnection<>("right", leftToRight, rightToLeft));
  }

  @Override
  public Connection<T> left() {
    return left;
  }

  @Override
  public Connection<T> right() {
    return right;
  }

  @Override
  public boolean isDuplex() {
    return left.canSend();
  }

  @Override
  public String toString() {
    return "QueuePipe[" + (isDuplex() ? "duplex" : "one-way") + "]";
  }
}

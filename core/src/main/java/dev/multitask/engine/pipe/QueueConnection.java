package dev.multitask.engine.pipe;

import dev.multitask.codec.Codec;
import dev.multitask.codec.RecordMaker;
import dev.multitask.codec.TravelsAsRecord;
import dev.multitask.ipc.Connection;
import dev.multitask.ipc.EndOfStreamException;
import dev.multitask.ipc.Queue;
import dev.multitask.ipc.QueueClosedException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * One end of a {@link QueuePipe}: it takes from an incoming queue and puts into an outgoing one
 * (either missing on a one-way pipe). The contract is {@link Connection}'s.
 *
 * <p>Any number of threads may use one end; each message is received once. {@link #send} never
 * waits (the queues are unbounded); {@link #recv()}, {@link #recvBytes()} and {@link
 * #poll(Duration)} wait interruptibly and lose nothing when interrupted. The serialized form is a
 * record of the side and the two queues, which travel as their own handles: a copy in another JVM
 * starts open and with nothing held back, since both are state of one process, as a file
 * descriptor's buffer is.
 *
 * <p>Memory consistency effects: those of the queues; actions of a thread before {@code send}
 * happen-before the actions after the {@code recv} that returns the message.
 *
 * @param <T> the message type
 */
public final class QueueConnection<T> implements Connection<T>, TravelsAsRecord {
  /*
   * Held back: messages taken from the incoming queue but not yet delivered. poll(Duration) takes
   * to wait with a timeout and keeps what it got at the tail; recv keeps raw bytes it refuses at
   * the head, where they were. Every receive looks here before the queue, so nothing is lost or
   * reordered for a single receiver. Receivers racing on one end get each message once, in no
   * promised order between them (as for a queue with several takers).
   */
  @Serial private static final long serialVersionUID = 1L;

  private final String side;

  @SuppressWarnings("serial") // a backend's queue; a process queue is a serializable handle
  private final Queue<Object> incoming;

  @SuppressWarnings("serial")
  private final Queue<Object> outgoing;

  private final transient ConcurrentLinkedDeque<Object> heldBack = new ConcurrentLinkedDeque<>();
  private transient volatile boolean closed;

  QueueConnection(String side, Queue<Object> incoming, Queue<Object> outgoing) {
    this.side = side;
    this.incoming = incoming;
    this.outgoing = outgoing;
  }

  @Override
  public void send(T message) {
    Objects.requireNonNull(message, "message: a pipe carries no null messages");
    put(message, "send");
  }

  @Override
  public void sendBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    put(new RawBytes(bytes), "sendBytes");
  }

  @Override
  @SuppressWarnings("unchecked") // what the peer sent as T
  public T recv() throws InterruptedException {
    Object message = next("recv");
    if (message instanceof RawBytes) {
      heldBack.offerFirst(message);
      throw new IllegalStateException(
          "recv on the "
              + side
              + " end: the next message is raw bytes sent with"
              + " sendBytes; read it with recvBytes");
    }
    return (T) message;
  }

  @Override
  public byte[] recvBytes() throws InterruptedException {
    Object message = next("recvBytes");
    if (message instanceof RawBytes raw) {
      return raw.bytes();
    }
    try {
      return Codec.encode(message);
    } catch (RuntimeException e) {
      heldBack.offerFirst(message); // still there for recv
      throw e;
    }
  }

  @Override
  public boolean poll(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("poll timeout must not be negative: timeout=" + timeout);
    }
    checkReceive("poll");
    if (!heldBack.isEmpty()) {
      return true;
    }
    Object message = incoming.poll(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    if (message != null) {
      heldBack.offerLast(message);
      return true;
    }
    checkOpen("poll"); // closed meanwhile by another thread
    return !incoming.isEmpty() || incoming.isClosed();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (outgoing != null) {
      outgoing.close();
    }
    if (incoming != null) {
      incoming.close();
    }
    heldBack.clear();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean canSend() {
    return outgoing != null;
  }

  @Override
  public boolean canReceive() {
    return incoming != null;
  }

  @Override
  public String toString() {
    String kind =
        incoming != null && outgoing != null
            ? "duplex"
            : incoming != null ? "receive-only" : "send-only";
    return "QueueConnection[" + side + " end, " + kind + (closed ? ", closed]" : "]");
  }

  private void put(Object message, String operation) {
    checkOpen(operation);
    if (outgoing == null) {
      throw new IllegalStateException(
          operation
              + " on the "
              + side
              + " end: the left end of a one-way pipe only receives; send on the right end");
    }
    boolean accepted;
    try {
      accepted = outgoing.offer(message);
    } catch (QueueClosedException e) {
      checkOpen(operation); // closed meanwhile by another thread of this end
      IllegalStateException broken =
          new IllegalStateException(
              operation
                  + " on the "
                  + side
                  + " end: the other end is closed and receives nothing more (Python's BrokenPipeError)");
      broken.initCause(e);
      throw broken;
    }
    if (!accepted) {
      throw new IllegalStateException(
          operation
              + " on the "
              + side
              + " end: "
              + outgoing
              + " refused the message; a pipe's queues must be unbounded");
    }
  }

  /** The next message: one held back, or else one taken from the incoming queue. */
  private Object next(String operation) throws InterruptedException {
    checkReceive(operation);
    Object held = heldBack.pollFirst();
    if (held != null) {
      return held;
    }
    try {
      return incoming.take();
    } catch (QueueClosedException e) {
      checkOpen(operation); // this end was closed while waiting
      EndOfStreamException end =
          new EndOfStreamException(
              operation
                  + " on the "
                  + side
                  + " end: the other end is closed and everything it sent was received");
      end.initCause(e);
      throw end;
    }
  }

  private void checkReceive(String operation) {
    checkOpen(operation);
    if (incoming == null) {
      throw new IllegalStateException(
          operation
              + " on the "
              + side
              + " end: the right end of a one-way pipe only sends; receive on the left end");
    }
  }

  private void checkOpen(String operation) {
    if (closed) {
      throw new IllegalStateException(operation + " on the " + side + " end: connection closed");
    }
  }

  /** What travels: the side and the two queues, which travel as their own handles. */
  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return new Handle(side, incoming, outgoing);
  }

  /**
   * An end as it travels. A copy in another JVM starts open with nothing held back: both are
   * per-process state.
   */
  private record Handle(
      String side,
      @SuppressWarnings("serial") Queue<Object> incoming,
      @SuppressWarnings("serial") Queue<Object> outgoing)
      implements Serializable {
    static {
      Codec.makeRecords(MethodHandles.lookup(), new Maker());
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
      return new QueueConnection<>(side, incoming, outgoing);
    }

    /** Makes handles as the stream does, without the method handles a fresh worker would spin. */
    private static final class Maker implements RecordMaker<Handle> {
      @Override
      @SuppressWarnings("unchecked")
      public Handle make(Object[] c) {
        return new Handle((String) c[0], (Queue<Object>) c[1], (Queue<Object>) c[2]);
      }

      @Override
      public Object resolve(Handle made) {
        return new QueueConnection<>(made.side, made.incoming, made.outgoing);
      }
    }
  }
}

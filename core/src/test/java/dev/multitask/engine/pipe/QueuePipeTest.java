package dev.multitask.engine.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.ipc.Connection;
import dev.multitask.ipc.Pipe;
import dev.multitask.ipc.Queue;
import dev.multitask.ipc.QueueClosedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * How a {@link QueuePipe} travels to another JVM: what is copied (the queues' handles) and what
 * stays behind (an end's closed flag and held-back messages). A serializable stand-in plays the
 * process queue; its copy is a copy, not a shared handle, which is enough to see the form.
 */
class QueuePipeTest {

  /** An unbounded queue that serializes; close only refuses offers. */
  static final class SerialQueue extends LinkedBlockingQueue<Object> implements Queue<Object> {
    @Serial private static final long serialVersionUID = 1L;
    private volatile boolean closed;

    @Override
    public boolean offer(Object o) {
      if (closed) {
        throw new QueueClosedException("closed");
      }
      return super.offer(o);
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public boolean isClosed() {
      return closed;
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void pipe_travelling_keepsItsEndsConnected() throws Exception {
    Pipe<String> copy = roundTrip(QueuePipe.<String>create(true, SerialQueue::new));

    copy.right().send("across");
    copy.left().send("back");

    assertTrue(copy.isDuplex());
    assertEquals("across", copy.left().recv());
    assertEquals("back", copy.right().recv());
  }

  @Test
  void travellingEnd_leavesHeldBackMessagesBehind() throws Exception {
    Pipe<String> pipe = QueuePipe.create(true, SerialQueue::new);
    pipe.right().send("held");
    assertTrue(pipe.left().poll(Duration.ZERO)); // taken from the queue, held by this end

    Connection<String> copy = roundTrip(pipe.left());

    assertFalse(copy.poll(Duration.ZERO));
    assertEquals("held", pipe.left().recv());
  }

  @Test
  void endClosedHere_arrivesOpenButSeesTheClosedQueues() throws Exception {
    Pipe<String> pipe = QueuePipe.create(false, SerialQueue::new);
    pipe.right().close();

    Connection<String> copy = roundTrip(pipe.right());

    assertTrue(copy.canSend());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> copy.send("late"));
    assertTrue(e.getMessage().contains("other end"), "not 'connection closed': " + e.getMessage());
  }
}

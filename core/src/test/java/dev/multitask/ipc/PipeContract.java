package dev.multitask.ipc;

import static dev.multitask.ipc.IpcTesting.LONG_WAIT;
import static dev.multitask.ipc.IpcTesting.SHORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Job;
import dev.multitask.Task;
import dev.multitask.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The {@link Pipe} and {@link Connection} contract, written once and run over every backend by the
 * nested classes of {@link PipeContractTest}. One context per backend serves all tests ({@link
 * IpcContract}).
 *
 * <p>Job bodies capture only pipe ends and strings (never the test instance, which is not
 * serializable), so that they travel to child JVMs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class PipeContract extends IpcContract {
  // ---- bodies (static, so that lambdas capture nothing but their arguments) ----

  /** The tutorials' pipe hello: the child says hello and returns what its parent answers. */
  static Task<String> child(Connection<String> conn) {
    return () -> {
      conn.send("hello world");
      return conn.recv();
    };
  }

  /** Sends "ready", then receives: returns what it got, or "end of stream". */
  static Task<String> receivingAfterReady(Connection<String> conn) {
    return () -> {
      conn.send("ready");
      try {
        return "got " + conn.recv();
      } catch (EndOfStreamException e) {
        return "end of stream";
      }
    };
  }

  // ---- both ways, one way ----

  @Test
  void duplexPipe_carriesMessagesBothWaysInOrder() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    assertTrue(pipe.isDuplex());
    Connection<String> left = pipe.left();
    Connection<String> right = pipe.right();

    left.send("l1");
    left.send("l2");
    right.send("r1");
    right.send("r2");

    assertEquals(List.of("l1", "l2"), List.of(right.recv(), right.recv()));
    assertEquals(List.of("r1", "r2"), List.of(left.recv(), left.recv()));
    assertTrue(left.canSend() && left.canReceive() && right.canSend() && right.canReceive());
  }

  @Test
  void oneWayPipe_sendsOnlyFromRightToLeft() throws Exception {
    Pipe<String> pipe = ctx.pipe(false);
    Connection<String> left = pipe.left();
    Connection<String> right = pipe.right();

    assertFalse(pipe.isDuplex());
    assertTrue(left.canReceive() && !left.canSend());
    assertTrue(right.canSend() && !right.canReceive());
    right.send("one way");
    assertEquals("one way", left.recv());
    assertThrows(IllegalStateException.class, () -> left.send("wrong way"));
    assertThrows(IllegalStateException.class, () -> left.sendBytes(new byte[1]));
    assertThrows(IllegalStateException.class, right::recv);
    assertThrows(IllegalStateException.class, right::recvBytes);
    assertThrows(IllegalStateException.class, () -> right.poll(Duration.ZERO));
  }

  // ---- end of stream ----

  @Test
  void recv_afterPeerClosed_deliversWhatWasSentThenEndOfStream() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    pipe.right().send("a");
    pipe.right().send("b");
    pipe.right().close();

    assertEquals("a", pipe.left().recv());
    assertEquals("b", pipe.left().recv());
    assertThrows(EndOfStreamException.class, pipe.left()::recv);
    assertThrows(EndOfStreamException.class, pipe.left()::recvBytes);
  }

  @Test
  void send_afterPeerClosed_isRejected() {
    Pipe<String> pipe = ctx.pipe();
    pipe.left().close();

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> pipe.right().send("nobody listens"));
    assertTrue(e.getMessage().contains("other end"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> pipe.right().sendBytes(new byte[1]));
  }

  @Test
  void recv_blockedInJobWhenPeerCloses_endsTheStream() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    Job<String> job = ctx.start(receivingAfterReady(pipe.right()));
    assertEquals("ready", pipe.left().recv());
    Thread.sleep(
        SHORT.toMillis()); // let it block in recv (if it has not yet, recv ends all the same)

    pipe.left().close();

    assertEquals("end of stream", job.result());
  }

  // ---- poll ----

  @Test
  void poll_nothingArrivesWithinTimeout_returnsFalse() throws Exception {
    Pipe<String> pipe = ctx.pipe();

    assertFalse(pipe.left().poll(Duration.ZERO));
    long start = System.nanoTime();
    assertFalse(pipe.left().poll(SHORT));
    long waitedMs = (System.nanoTime() - start) / 1_000_000;

    assertTrue(waitedMs >= SHORT.toMillis() * 3 / 4, "waited only " + waitedMs + " ms");
    assertThrows(IllegalArgumentException.class, () -> pipe.left().poll(Duration.ofMillis(-1)));
  }

  @Test
  void poll_messageWaiting_returnsTrueAndKeepsIt() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    pipe.right().send("waiting");
    pipe.right().send("next");

    assertTrue(pipe.left().poll(Duration.ZERO));
    assertTrue(pipe.left().poll(LONG_WAIT), "polling twice keeps the message");
    assertEquals("waiting", pipe.left().recv());
    assertEquals("next", pipe.left().recv());
  }

  @Test
  void poll_peerClosed_returnsTrue() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    pipe.right().close();

    assertTrue(pipe.left().poll(LONG_WAIT));
    assertThrows(EndOfStreamException.class, pipe.left()::recv);
  }

  // ---- bytes ----

  @Test
  void sendBytes_roundTripsRawBytes() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    byte[] sent = {1, 2, 3, -1};

    pipe.right().sendBytes(sent);
    sent[0] = 42; // the pipe holds its own copy

    assertArrayEquals(new byte[] {1, 2, 3, -1}, pipe.left().recvBytes());
    pipe.right().sendBytes(new byte[0]);
    assertArrayEquals(new byte[0], pipe.left().recvBytes());
  }

  /** Python's {@code send_bytes(buf, offset, size)}, checked as Python checks it. */
  @Test
  void sendBytes_ofASlice_sendsThoseBytesOnly() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    byte[] alphabet = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    pipe.right().sendBytes(alphabet, 7, 8);
    pipe.right().sendBytes(alphabet, 26, 0);

    assertEquals("hijklmno", new String(pipe.left().recvBytes(), StandardCharsets.US_ASCII));
    assertArrayEquals(new byte[0], pipe.left().recvBytes());
    for (int[] bad : new int[][] {{27, 0}, {22, 5}, {26, 1}, {-1, 1}, {4, -1}}) {
      assertThrows(
          IndexOutOfBoundsException.class,
          () -> pipe.right().sendBytes(alphabet, bad[0], bad[1]),
          "offset " + bad[0] + ", size " + bad[1]);
    }
    assertFalse(pipe.left().poll(Duration.ZERO), "a refused slice sent nothing");
  }

  /** Python's {@code recv_bytes_into}: the length, at an offset; a short buffer's error has it. */
  @Test
  void recvBytesInto_fillsTheBufferOrCarriesTheMessageInTheError() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    byte[] buffer = new byte[10];

    pipe.right().sendBytes(new byte[] {1, 2, 3, 4});
    assertEquals(4, pipe.left().recvBytesInto(buffer));
    pipe.right().sendBytes(new byte[] {5, 6, 7, 8});
    assertEquals(4, pipe.left().recvBytesInto(buffer, 3));
    assertArrayEquals(new byte[] {1, 2, 3, 5, 6, 7, 8, 0, 0, 0}, buffer);

    byte[] longer = new byte[40];
    longer[39] = 9;
    pipe.right().sendBytes(longer);
    BufferTooShortException e =
        assertThrows(BufferTooShortException.class, () -> pipe.left().recvBytesInto(buffer));
    assertArrayEquals(longer, e.message(), "the message travels in the exception");
    assertFalse(pipe.left().poll(Duration.ZERO), "the message was received");
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.left().recvBytesInto(buffer, 11));
    pipe.right().sendBytes(new byte[0]);
    assertEquals(0, pipe.left().recvBytesInto(buffer, 10), "an empty message fits at the end");
  }

  @Test
  void recv_ofRawBytes_isRefusedAndKeepsThemForRecvBytes() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    pipe.right().sendBytes(new byte[] {7, 8});
    pipe.right().send("after the bytes");

    IllegalStateException e = assertThrows(IllegalStateException.class, pipe.left()::recv);
    assertTrue(e.getMessage().contains("recvBytes"), e.getMessage());
    assertTrue(pipe.left().poll(Duration.ZERO));
    assertArrayEquals(new byte[] {7, 8}, pipe.left().recvBytes());
    assertEquals("after the bytes", pipe.left().recv());
  }

  @Test
  void recvBytes_ofObjectMessage_returnsSerializedForm() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    pipe.right().send("an object");

    byte[] bytes = pipe.left().recvBytes();

    assertTrue(bytes.length > 0);
    assertEquals("an object", Codec.decode(bytes));
  }

  // ---- jobs ----

  @Test
  void pipeEnd_heldByJob_exchangesMessages() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    Connection<String> parent = pipe.left();
    Job<String> job = ctx.start(child(pipe.right()));

    assertEquals("hello world", parent.recv());
    parent.send("hi son");

    assertEquals("hi son", job.result());
  }

  // ---- close and arguments ----

  @Test
  void close_twice_isIgnored() {
    Pipe<String> pipe = ctx.pipe();
    assertFalse(pipe.left().isClosed());

    pipe.left().close();
    pipe.left().close();
    assertTrue(pipe.left().isClosed(), "Python's conn.closed");
    assertFalse(pipe.right().isClosed(), "the other end sees the end of its stream, not a close");
    pipe.right().close();
    pipe.right().close();
    assertTrue(pipe.right().isClosed());
  }

  @Test
  void closedEnd_rejectsEveryOperation() {
    Pipe<String> pipe = ctx.pipe();
    Connection<String> left = pipe.left();
    left.close();

    List<Executable> operations =
        List.of(
            () -> left.send("x"),
            () -> left.sendBytes(new byte[1]),
            left::recv,
            left::recvBytes,
            () -> left.poll(Duration.ZERO));
    for (Executable operation : operations) {
      IllegalStateException e = assertThrows(IllegalStateException.class, operation);
      assertFalse(
          e instanceof EndOfStreamException,
          "a closed end is not the end of the other's stream: " + e);
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
  }

  @Test
  void send_nullMessage_isRejected() {
    Pipe<String> pipe = ctx.pipe();

    assertThrows(NullPointerException.class, () -> pipe.left().send(null));
    assertThrows(NullPointerException.class, () -> pipe.left().sendBytes(null));
  }

  @Test
  void recv_blockedReceiverInterrupted_keepsTheMessage() throws Exception {
    Pipe<String> pipe = ctx.pipe();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread receiver =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    outcome.set(new AssertionError("received " + pipe.left().recv()));
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                });
    Thread.sleep(SHORT.toMillis());

    receiver.interrupt();
    receiver.join(LONG_WAIT);

    assertInstanceOf(InterruptedException.class, outcome.get());
    pipe.right().send("kept");
    assertEquals("kept", pipe.left().recv());
  }
}

package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.assertTimeout;
import static dev.multitask.cpython.Waits.since;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.codec.Codec;
import dev.multitask.ipc.BufferTooShortException;
import dev.multitask.ipc.Connection;
import dev.multitask.ipc.EndOfStreamException;
import dev.multitask.ipc.Pipe;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/_test_multiprocessing.py}, classes {@code _TestConnection} and {@code
 * _TestPoll}: a pipe whose other end a job holds. Python's {@code EOFError} is {@link
 * EndOfStreamException}, {@code OSError} on a one-way end or a closed one is {@link
 * IllegalStateException}. Differs on purpose: raw bytes and objects are told apart (an object's
 * serialized form sent back with {@code sendBytes} is read with {@code recvBytes}, where CPython's
 * {@code recv} unpickles any bytes); an end is one object for every process that holds it, so
 * closing it anywhere closes it everywhere (CPython closes a process's copy), and a negative {@code
 * poll} timeout is refused (CPython's {@code poll(-1)} returns at once). Not ported: {@code
 * fileno()}, file descriptor transfer (no descriptors behind an end), listeners and clients ({@code
 * multiprocessing.connection}).
 */
abstract class TestMpConnection extends PortPart {
  static final Duration TIMEOUT1 = Duration.ofMillis(100);
  static final byte[] SENTINEL = new byte[0];

  /** Python's {@code _echo}: sends back the bytes it receives until the empty message. */
  static Action echo(Connection<Object> conn) {
    return () -> {
      for (byte[] msg = conn.recvBytes(); msg.length > 0; msg = conn.recvBytes()) {
        conn.sendBytes(msg);
      }
      conn.close();
    };
  }

  private static byte[] ints(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  /** test_connection. */
  @Test
  void pipe_toAnEchoingJob_carriesObjectsBytesAndTheEnd() throws Exception {
    Pipe<Object> pipe = ctx().pipe();
    Connection<Object> conn = pipe.left();
    Job<Void> p = ctx().job(echo(pipe.right())).daemon(true).start();
    byte[] msg = "hello world".getBytes(StandardCharsets.ISO_8859_1);
    byte[] longmsg = "hello world".repeat(10).getBytes(StandardCharsets.ISO_8859_1);

    conn.send(List.of(1, 2.25, "x")); // the echo sends its serialized form back as bytes
    assertEquals(List.of(1, 2.25, "x"), Codec.decode(conn.recvBytes()));
    conn.sendBytes(msg);
    assertArrayEquals(msg, conn.recvBytes());

    byte[] arr = ints(0, 1, 2, 3);
    byte[] buffer = new byte[40];
    conn.sendBytes(arr);
    assertEquals(arr.length, conn.recvBytesInto(buffer));
    assertArrayEquals(Arrays.copyOf(arr, 40), buffer);
    buffer = new byte[40];
    conn.sendBytes(arr);
    assertEquals(arr.length, conn.recvBytesInto(buffer, 12));
    byte[] expected = new byte[40];
    System.arraycopy(arr, 0, expected, 12, arr.length);
    assertArrayEquals(expected, buffer);
    byte[] small = new byte[40];
    conn.sendBytes(longmsg);
    BufferTooShortException e =
        assertThrows(BufferTooShortException.class, () -> conn.recvBytesInto(small));
    assertArrayEquals(longmsg, e.message());

    long t = System.nanoTime();
    assertFalse(conn.poll(Duration.ZERO));
    assertTrue(since(t).compareTo(TIMEOUT1) < 0);
    assertThrows(IllegalArgumentException.class, () -> conn.poll(Duration.ofSeconds(-1)));
    t = System.nanoTime();
    assertFalse(conn.poll(TIMEOUT1));
    assertTimeout(since(t), TIMEOUT1);

    conn.sendBytes(ints(7)); // Python sends None through the echo; raw bytes here
    Thread.sleep(100);
    assertTrue(conn.poll(TIMEOUT1));
    assertArrayEquals(ints(7), conn.recvBytes());

    byte[] reallyBig = new byte[16 * 1024 * 1024];
    Arrays.fill(reallyBig, (byte) 'X');
    conn.sendBytes(reallyBig);
    assertArrayEquals(reallyBig, conn.recvBytes());

    conn.sendBytes(SENTINEL); // the child closes its end
    p.join();
    assertTrue(conn.canReceive());
    assertTrue(conn.canSend());
    assertThrows(EndOfStreamException.class, conn::recv);
    assertThrows(EndOfStreamException.class, conn::recvBytes);
  }

  /** test_duplex_false. */
  @Test
  void oneWayPipe_refusesTheWrongDirection() throws Exception {
    Pipe<Integer> pipe = ctx().pipe(false);
    Connection<Integer> reader = pipe.left();
    Connection<Integer> writer = pipe.right();
    writer.send(1);
    assertEquals(1, reader.recv());
    assertTrue(reader.canReceive());
    assertFalse(reader.canSend());
    assertFalse(writer.canReceive());
    assertTrue(writer.canSend());
    assertThrows(IllegalStateException.class, () -> reader.send(2));
    assertThrows(IllegalStateException.class, writer::recv);
    assertThrows(IllegalStateException.class, () -> writer.poll(Duration.ZERO));
  }

  /**
   * test_spawn_close. Differs on purpose: closing the child's end in the parent would close it for
   * the child too; the parent closes its own end when it is done.
   */
  @Test
  void pipe_usedRightAfterTheJobStarts_works() throws Exception {
    Pipe<Object> pipe = ctx().pipe();
    Connection<Object> conn = pipe.left();
    Job<Void> p = ctx().job(echo(pipe.right())).daemon(true).start();
    byte[] msg = "hello".getBytes(StandardCharsets.ISO_8859_1);
    conn.sendBytes(msg);
    assertArrayEquals(msg, conn.recvBytes());
    conn.sendBytes(SENTINEL);
    p.join();
    conn.close();
  }

  /** test_sendbytes: slices, checked as Python checks them. */
  @Test
  void sendBytes_ofASlice_sendsThatSlice() throws Exception {
    byte[] msg = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.ISO_8859_1);
    Pipe<Object> pipe = ctx().pipe();
    Connection<Object> a = pipe.left();
    Connection<Object> b = pipe.right();
    a.sendBytes(msg);
    assertArrayEquals(msg, b.recvBytes());
    a.sendBytes(msg, 5, msg.length - 5);
    assertArrayEquals(Arrays.copyOfRange(msg, 5, 26), b.recvBytes());
    a.sendBytes(msg, 7, 8);
    assertArrayEquals(Arrays.copyOfRange(msg, 7, 15), b.recvBytes());
    a.sendBytes(msg, 26, 0);
    assertArrayEquals(new byte[0], b.recvBytes());
    assertThrows(IndexOutOfBoundsException.class, () -> a.sendBytes(msg, 27, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> a.sendBytes(msg, 22, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> a.sendBytes(msg, 26, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> a.sendBytes(msg, -1, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> a.sendBytes(msg, 4, -1));
  }

  /** test_context: a closed end says so and refuses. */
  @Test
  void close_ofBothEnds_marksThemClosed() throws Exception {
    Pipe<Integer> pipe = ctx().pipe();
    try (Connection<Integer> a = pipe.left();
        Connection<Integer> b = pipe.right()) {
      a.send(1729);
      assertEquals(1729, b.recv());
      assertFalse(a.isClosed());
      assertFalse(b.isClosed());
    }
    assertTrue(pipe.left().isClosed());
    assertTrue(pipe.right().isClosed());
    assertThrows(IllegalStateException.class, pipe.left()::recv);
    assertThrows(IllegalStateException.class, pipe.right()::recv);
  }

  /** _TestPoll.test_empty_string: an empty message is something to receive. */
  @Test
  void poll_seesAnEmptyMessage() throws Exception {
    Pipe<Object> pipe = ctx().pipe();
    assertFalse(pipe.left().poll(Duration.ZERO));
    pipe.right().sendBytes(new byte[0]);
    assertTrue(pipe.left().poll(Duration.ZERO));
    assertTrue(pipe.left().poll(Duration.ZERO));
  }

  /** _TestPoll.test_strings: messages a job sends with pauses arrive whole and in order. */
  @Test
  void poll_thenRecvBytes_getsEachMessageOfAJob() throws Exception {
    List<String> strings = List.of("hello", "", "a", "b", "", "bye", "", "lop");
    Pipe<Object> pipe = ctx().pipe();
    Connection<Object> b = pipe.right();
    Action child =
        () -> {
          for (String s : strings) {
            Thread.sleep(10);
            b.sendBytes(s.getBytes(StandardCharsets.ISO_8859_1));
          }
        };
    Job<Void> p = ctx().start(child);
    for (String s : strings) {
      for (int i = 0; i < 200 && !pipe.left().poll(Duration.ofMillis(10)); i++) {
        // Python polls up to 200 times
      }
      assertEquals(s, new String(pipe.left().recvBytes(), StandardCharsets.ISO_8859_1));
    }
    p.join();
  }

  /** _TestPoll.test_boundaries: a job's poll does not take a part of a message. */
  @Test
  void poll_inAJob_leavesWholeMessages() throws Exception {
    Pipe<Object> pipe = ctx().pipe(false);
    Connection<Object> r = pipe.left();
    Action child = () -> r.poll(Duration.ofSeconds(5));
    Job<Void> p = ctx().start(child);
    Thread.sleep(200);
    List<String> sent = List.of("first", "second");
    for (String s : sent) {
      pipe.right().sendBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
    p.join();
    assertTrue(sent.contains(new String(r.recvBytes(), StandardCharsets.ISO_8859_1)));
  }

  /** _TestPoll.test_dont_merge: messages stay apart. */
  @Test
  void recvBytes_keepsMessagesApart() throws Exception {
    Pipe<Object> pipe = ctx().pipe();
    Connection<Object> a = pipe.left();
    Connection<Object> b = pipe.right();
    assertFalse(a.poll(Duration.ZERO));
    assertFalse(a.poll(TIMEOUT1));
    Action child =
        () -> {
          b.sendBytes(new byte[] {'a'});
          b.sendBytes(new byte[] {'b'});
          b.sendBytes(new byte[] {'c', 'd'});
        };
    Job<Void> p = ctx().start(child);
    assertArrayEquals(new byte[] {'a'}, a.recvBytes());
    assertTrue(a.poll(Duration.ofSeconds(1)));
    assertTrue(a.poll(Duration.ofSeconds(1)));
    assertArrayEquals(new byte[] {'b'}, a.recvBytes());
    assertTrue(a.poll(Duration.ofSeconds(1)));
    assertTrue(a.poll(Duration.ofSeconds(1)));
    assertTrue(a.poll(Duration.ZERO));
    assertArrayEquals(new byte[] {'c', 'd'}, a.recvBytes());
    p.join();
  }
}

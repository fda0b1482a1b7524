package dev.multitask.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.ipc.Queue;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Custom types and remote managers ({@link ManagerServer}, {@link RemoteManager}): ports of
 * CPython's {@code _TestMyManager} and {@code _TestRemoteManager}, proxies captured by child jobs,
 * a wrong key refused before anything is deserialized, and a server whose process is killed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagerServerTest {
  private static Context ctx;

  @BeforeAll
  static void open() {
    ctx = Multitask.processes();
  }

  @AfterAll
  static void close() {
    ctx.close();
  }

  /** Python's {@code register('Foo', callable=FooBar)}: exposes {@code f} and {@code g}. */
  interface Foo {
    String f();

    void g();
  }

  /** Python's {@code register('Bar', callable=FooBar, exposed=('f', '_h'))}. */
  interface Bar {
    String f();

    String _h();
  }

  /** Counts on the server; the proxy's calls come from any process. */
  public interface Counter {
    long add(long n);

    long get();
  }

  static final class FooBar implements Foo, Bar {
    @Override
    public String f() {
      return "f()";
    }

    @Override
    public void g() {
      throw new IllegalArgumentException("g fails, as Python's raises ValueError");
    }

    @Override
    public String _h() {
      return "_h()";
    }
  }

  /** An argument that records its deserialization, in this JVM. */
  static final class Tripwire implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    static volatile boolean deserialized;

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      deserialized = true;
    }
  }

  /** Takes any argument: the tripwire's way in with the right key. */
  public interface Sink {
    void accept(Object o);
  }

  private static ManagerServer myManager() {
    return ManagerServer.builder()
        .register("Foo", Foo.class, FooBar::new)
        .register("Bar", Bar.class, FooBar::new)
        .register("baz", Iterator.class, () -> IntStream.range(0, 10).map(i -> i * i).iterator())
        .start();
  }

  @Test
  void myManager_exposesTheRegisteredInterfaceOnly() {
    try (ManagerServer server = myManager();
        RemoteManager manager = server.connect()) {
      Foo foo = manager.create("Foo", Foo.class);
      Bar bar = manager.create("Bar", Bar.class);
      @SuppressWarnings("unchecked")
      Iterator<Integer> baz = manager.create("baz", Iterator.class);

      assertEquals("f()", foo.f());
      IllegalArgumentException g = assertThrows(IllegalArgumentException.class, foo::g);
      assertTrue(
          Arrays.stream(g.getStackTrace()).anyMatch(e -> e.getMethodName().equals("g")),
          "the exception arrives with the server's stack");
      assertEquals("f()", ((RemoteObject) foo).callMethod("f"));
      IllegalArgumentException hidden =
          assertThrows(IllegalArgumentException.class, () -> ((RemoteObject) foo).callMethod("_h"));
      assertTrue(hidden.getMessage().contains("not exposed"), hidden.getMessage());

      assertEquals("f()", bar.f());
      assertEquals("_h()", bar._h());
      assertEquals("f()", ((RemoteObject) bar).callMethod("f"));
      assertEquals("_h()", ((RemoteObject) bar).callMethod("_h"));

      List<Integer> squares = new ArrayList<>();
      baz.forEachRemaining(squares::add); // a default method: runs here, over next() on the server
      assertEquals(IntStream.range(0, 10).map(i -> i * i).boxed().toList(), squares);
      assertEquals("Foo", ((RemoteObject) foo).typeId());
    }
  }

  @Test
  void remote_aJobOnAnotherConnectionPutsWhatTheParentTakes() throws Exception {
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    try (ManagerServer server =
        ManagerServer.builder()
            .register("get_queue", BlockingQueue.class, () -> queue)
            .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .authKey(key)
            .start()) {
      String host = server.address().getHostString();
      int port = server.address().getPort();
      List<Object> values = List.of("hello world", true, 2.25, "hallå världen", "привіт світ");
      ctx.start(
              () -> {
                try (RemoteManager m =
                    RemoteManager.connect(new InetSocketAddress(host, port), key)) {
                  @SuppressWarnings("unchecked")
                  BlockingQueue<Object> q = m.create("get_queue", BlockingQueue.class);
                  q.put(values);
                }
              })
          .result();

      try (RemoteManager manager2 = RemoteManager.connect(server.address(), key)) {
        @SuppressWarnings("unchecked")
        BlockingQueue<Object> q = manager2.create("get_queue", BlockingQueue.class);
        assertEquals(values, q.take());
        assertThrows(IllegalArgumentException.class, () -> q.put(new Object()), "not serializable");
      }
    }
  }

  @Test
  void proxy_capturedByAJob_callsTheSameObject() throws Exception {
    AtomicLong count = new AtomicLong();
    Counter counter0 =
        new Counter() {
          @Override
          public long add(long n) {
            return count.addAndGet(n);
          }

          @Override
          public long get() {
            return count.get();
          }
        };
    try (ManagerServer server =
            ManagerServer.builder().register("Counter", Counter.class, () -> counter0).start();
        RemoteManager manager = server.connect()) {
      Counter counter = manager.create("Counter", Counter.class);
      List<Job<Long>> jobs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        jobs.add(ctx.start(() -> counter.add(5)));
      }
      for (Job<Long> job : jobs) {
        job.result();
      }
      assertEquals(15, counter.get());
      assertEquals(15, count.get(), "the object lives in the server's JVM");
      assertEquals(
          counter, manager.create("Counter", Counter.class), "a shared object: the same id");
    }
  }

  @Test
  void wrongKey_isRefusedBeforeAnythingIsDeserialized() throws Exception {
    try (ManagerServer server =
        ManagerServer.builder().register("sink", Sink.class, () -> o -> {}).start()) {
      byte[] wrong = server.authKey();
      wrong[0] ^= 1;
      assertThrows(SecurityException.class, () -> RemoteManager.connect(server.address(), wrong));

      Tripwire.deserialized = false;
      try (SocketChannel attacker = SocketChannel.open(server.address())) {
        BytesOut hello = frame(1).writeLong(0).writeBytes(new byte[32]);
        send(attacker, hello);
        assertTrue(readFrame(attacker) > 0, "the server answers a hello with its challenge");
        send(attacker, frame(3).writeBytes(new byte[32])); // a proof without the key
        BytesOut call = frame(21).writeLong(1).writeString("accept").writeInt(-1);
        Codec.encodeArray(List.of(new Tripwire()), call);
        send(attacker, call);
        assertEquals(-1, readFrame(attacker), "the server dropped the connection");
      }
      assertFalse(Tripwire.deserialized, "nothing was deserialized for a peer without the key");

      try (RemoteManager manager = server.connect()) { // the tripwire does go off with the key
        manager.create("sink", Sink.class).accept(new Tripwire());
      }
      assertTrue(Tripwire.deserialized);
    }
  }

  @Test
  void ownerKilled_callsFailAtOnceWithManagerClosed() throws Exception {
    Queue<List<Object>> handOver = ctx.queue();
    Job<Void> owner =
        ctx.start(
            () -> {
              BlockingQueue<String> q = new LinkedBlockingQueue<>();
              ManagerServer server =
                  ManagerServer.builder().register("queue", BlockingQueue.class, () -> q).start();
              handOver.put(
                  List.of(
                      server.address().getHostString(),
                      server.address().getPort(),
                      server.authKey()));
              Thread.sleep(Long.MAX_VALUE);
            });
    List<Object> where = handOver.poll(60, TimeUnit.SECONDS);
    assertNotNull(where, "the owner started its server");
    InetSocketAddress address =
        new InetSocketAddress((String) where.get(0), (Integer) where.get(1));
    try (RemoteManager manager = RemoteManager.connect(address, (byte[]) where.get(2))) {
      @SuppressWarnings("unchecked")
      BlockingQueue<String> q = manager.create("queue", BlockingQueue.class);
      q.put("before");
      assertEquals("before", q.take());

      owner.kill();
      assertTrue(owner.join(java.time.Duration.ofSeconds(60)));

      long start = System.nanoTime();
      ManagerClosedException e = assertThrows(ManagerClosedException.class, () -> q.put("after"));
      assertTrue(e.getMessage().contains("is gone"), e.getMessage());
      assertThrows(ManagerClosedException.class, q::size, "and again, on a new connection");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < 5_000, "failed after " + millis + " ms, not after a hang");
    }
  }

  @Test
  void close_makesProxiesFailAndUnknownTypesAreNamed() {
    ManagerServer server = myManager();
    RemoteManager manager = server.connect();
    Foo foo = manager.create("Foo", Foo.class);
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> manager.create("Nope", Foo.class));
    assertTrue(unknown.getMessage().contains("[Foo, Bar, baz]"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> manager.create("Foo", Bar.class));

    ((RemoteObject) foo).release();
    assertThrows(IllegalArgumentException.class, foo::f, "a released object is gone");

    Foo other = manager.create("Foo", Foo.class);
    server.close();
    assertThrows(ManagerClosedException.class, other::f);
    manager.close();
    assertThrows(ManagerClosedException.class, () -> manager.create("Foo", Foo.class));
    assertInstanceOf(RemoteObject.class, other);
    assertSame(other, other);
  }

  private static BytesOut frame(int type) {
    BytesOut out = new BytesOut(64);
    out.writeInt(0);
    out.writeByte(type);
    return out;
  }

  private static void send(SocketChannel channel, BytesOut frame) throws IOException {
    frame.putInt(0, frame.size() - 4);
    ByteBuffer buffer = ByteBuffer.wrap(frame.array(), 0, frame.size());
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Reads one frame and returns its length, or -1 once the peer has closed. */
  private static int readFrame(SocketChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(4);
    while (head.hasRemaining()) {
      if (channel.read(head) < 0) {
        return -1;
      }
    }
    int length = head.flip().getInt();
    ByteBuffer body = ByteBuffer.allocate(length);
    while (body.hasRemaining()) {
      if (channel.read(body) < 0) {
        return -1;
      }
    }
    return length;
  }
}

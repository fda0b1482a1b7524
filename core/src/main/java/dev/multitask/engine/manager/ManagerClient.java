package dev.multitask.engine.manager;

import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.codec.ThrowableCodec;
import dev.multitask.shared.ManagerClosedException;
import dev.multitask.shared.RemoteManager;
import dev.multitask.shared.RemoteObject;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.Handshake;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The {@link RemoteManager}: a pool of authenticated connections to one server. A call takes an
 * idle connection (or opens one: connect, then the handshake, which refuses a server without the
 * same key), sends its request, reads the reply and gives the connection back; a connection that
 * fails is dropped and the call fails with {@link ManagerClosedException}. Proxies that arrive from
 * another process share one client per address in this JVM, with the key they carry or the one this
 * JVM already knows for the address.
 */
public final class ManagerClient implements RemoteManager {
  /** Keys this JVM knows, by server address: its own servers' and those it connected with. */
  private static final ConcurrentHashMap<InetSocketAddress, byte[]> KEYS =
      new ConcurrentHashMap<>();

  /** The clients of proxies that arrived here, by address. */
  private static final ConcurrentHashMap<InetSocketAddress, ManagerClient> ARRIVED =
      new ConcurrentHashMap<>();

  /** Set while a request is encoded: a proxy among its arguments travels without its key. */
  private static final ThreadLocal<Boolean> OVER_THE_NETWORK = new ThreadLocal<>();

  private final InetSocketAddress address;
  private final byte[] key;
  private final ConcurrentLinkedDeque<FrameChannel> idle = new ConcurrentLinkedDeque<>();
  private final Set<FrameChannel> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private ManagerClient(InetSocketAddress address, byte[] key) {
    this.address = address;
    this.key = key;
  }

  /**
   * Connects to the server at {@code address}: one connection, opened now, proves the key.
   *
   * @param address the server's address
   * @param authKey its key, at least 16 bytes
   * @return the client
   */
  public static ManagerClient connect(InetSocketAddress address, byte[] authKey) {
    Objects.requireNonNull(address, "address: pass the manager server's address");
    Objects.requireNonNull(authKey, "authKey: pass the manager server's key");
    if (authKey.length < 16) {
      throw new IllegalArgumentException(
          "an authKey has at least 16 bytes: length=" + authKey.length);
    }
    ManagerClient client = new ManagerClient(address, authKey.clone());
    client.idle.add(client.open());
    knowKey(address, authKey);
    return client;
  }

  /** Remembers the key of the server at {@code address}, for proxies that arrive without one. */
  static void knowKey(InetSocketAddress address, byte[] key) {
    KEYS.put(address, key.clone());
  }

  /** The client of this JVM for a proxy that arrived with {@code key} (or null: known here). */
  static ManagerClient arrived(InetSocketAddress address, byte[] key) {
    if (key != null) {
      KEYS.putIfAbsent(address, key.clone());
    }
    return ARRIVED.compute(
        address,
        (a, client) -> {
          if (client != null
              && !client.closed
              && (key == null || java.util.Arrays.equals(client.key, key))) {
            return client;
          }
          byte[] known = key != null ? key : KEYS.get(a);
          return new ManagerClient(a, known);
        });
  }

  static boolean overTheNetwork() {
    return Boolean.TRUE.equals(OVER_THE_NETWORK.get());
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  byte[] key() {
    return key;
  }

  @Override
  public <T> T create(String typeId, Class<T> api, Object... args) {
    Objects.requireNonNull(typeId, "typeId: pass the name the type was registered under");
    Objects.requireNonNull(api, "api: pass the interface the proxy implements");
    if (!api.isInterface()) {
      throw new IllegalArgumentException("a proxy implements an interface, not " + api.getName());
    }
    BytesOut request = FrameChannel.begin(Protocol.CREATE, 64);
    request.writeString(typeId).writeString(api.getName());
    encodeArgs(args, request);
    long id = call(request).readLong();
    return proxy(api, new ProxyHandler(this, id, typeId));
  }

  static <T> T proxy(Class<T> api, ProxyHandler handler) {
    ClassLoader loader =
        api.getClassLoader() != null ? api.getClassLoader() : RemoteObject.class.getClassLoader();
    return api.cast(
        Proxy.newProxyInstance(loader, new Class<?>[] {api, RemoteObject.class}, handler));
  }

  /**
   * Calls {@code method} (or by name and arity, if null) on object {@code id}; returns its result.
   */
  Object invoke(long id, String name, Method method, Object[] args) {
    BytesOut request = FrameChannel.begin(Protocol.CALL, 128);
    request.writeLong(id).writeString(name);
    if (method == null) {
      request.writeInt(-1);
    } else {
      request.writeInt(method.getParameterCount());
      for (Class<?> type : method.getParameterTypes()) {
        request.writeString(type.getName());
      }
    }
    encodeArgs(args, request);
    return Codec.decode(call(request));
  }

  void release(long id) {
    call(FrameChannel.begin(Protocol.RELEASE, 8).writeLong(id));
  }

  private static void encodeArgs(Object[] args, BytesOut request) {
    OVER_THE_NETWORK.set(Boolean.TRUE);
    try {
      Protocol.writeArgs(args, request);
    } finally {
      OVER_THE_NETWORK.remove();
    }
  }

  /** Sends one request and returns the OK reply's body, or throws what the server sent back. */
  private BytesIn call(BytesOut request) {
    FrameChannel channel = take();
    FrameChannel.Frame reply;
    try {
      channel.send(request);
      reply = channel.read(Protocol.MAX_FRAME);
    } catch (IOException e) {
      drop(channel);
      throw gone("the connection failed: " + e.getMessage(), e);
    }
    if (reply == null) {
      drop(channel);
      throw gone("it closed the connection", null);
    }
    idle.push(channel);
    if (reply.type() == Protocol.FAILED) {
      throw rethrow(ThrowableCodec.decode(reply.body()));
    }
    if (reply.type() != Protocol.OK) {
      throw new IllegalStateException(
          "the manager at " + address + " sent frame type " + reply.type());
    }
    return reply.body();
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      return e;
    }
    return new java.lang.reflect.UndeclaredThrowableException(t, "the manager's method threw " + t);
  }

  private FrameChannel take() {
    if (closed) {
      throw new ManagerClosedException(
          "this connection to the manager at " + address + " is closed", null);
    }
    FrameChannel channel = idle.poll();
    return channel != null ? channel : open();
  }

  private FrameChannel open() {
    if (key == null) {
      throw new IllegalStateException(
          "no key for the manager at "
              + address
              + " in this process: connect to it with RemoteManager.connect(address, key) first (a"
              + " proxy sent over a remote call travels without the key)");
    }
    SocketChannel socket;
    try {
      socket = SocketChannel.open(address);
    } catch (IOException e) {
      throw gone("nothing answers there (" + e.getMessage() + ")", e);
    }
    FrameChannel channel = new FrameChannel(socket);
    try {
      Handshake.prove(channel, Protocol.MANAGER_ID, key, null);
    } catch (IOException e) {
      channel.close();
      if (String.valueOf(e.getMessage()).contains("key")) {
        throw new SecurityException(
            "the manager at " + address + " does not hold this key: check the authKey", e);
      }
      throw gone("it refused the connection during the handshake (" + e.getMessage() + ")", e);
    }
    open.add(channel);
    if (closed) {
      drop(channel);
      throw new ManagerClosedException(
          "this connection to the manager at " + address + " is closed", null);
    }
    return channel;
  }

  private void drop(FrameChannel channel) {
    open.remove(channel);
    channel.close();
  }

  private ManagerClosedException gone(String why, Throwable cause) {
    return new ManagerClosedException(
        "the manager at " + address + " is gone (its server closed or its process ended): " + why,
        cause);
  }

  @Override
  public void close() {
    closed = true;
    for (FrameChannel channel : open) {
      drop(channel);
    }
    idle.clear();
  }

  @Override
  public String toString() {
    return "remote manager at " + address;
  }
}

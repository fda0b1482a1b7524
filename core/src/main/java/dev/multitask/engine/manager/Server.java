package dev.multitask.engine.manager;

import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.codec.ThrowableCodec;
import dev.multitask.shared.ManagerServer;
import dev.multitask.shared.RemoteManager;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.Handshake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ManagerServer}: a listener thread accepts TCP connections, and each connection gets a
 * virtual thread that runs the handshake and then serves its requests one at a time (so a call that
 * blocks holds its own connection only). Objects are kept by id until released or until the server
 * closes; a factory that returns an object already served gives its id again.
 */
public final class Server implements ManagerServer {
  /** An object being served, with the interface its proxies may call. */
  private record Served(String typeId, Class<?> api, Object object) {}

  private final ServerSocketChannel listener;
  private final InetSocketAddress address;
  private final byte[] key;
  private final Map<String, ManagerServer.Type> types;
  private final Map<Long, Served> objects = new ConcurrentHashMap<>();
  private final Map<Object, Long> ids = new IdentityHashMap<>(); // guarded by itself
  private final AtomicLong nextId = new AtomicLong(1);
  private final Set<FrameChannel> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private Server(ServerSocketChannel listener, byte[] key, Map<String, ManagerServer.Type> types)
      throws IOException {
    this.listener = listener;
    this.address = (InetSocketAddress) listener.getLocalAddress();
    this.key = key;
    this.types = types;
  }

  /**
   * Binds {@code address} and starts serving.
   *
   * @param address where to listen
   * @param key the key, or null for 32 random bytes
   * @param types the registered types
   * @return the running server
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static Server start(
      InetSocketAddress address, byte[] key, Map<String, ManagerServer.Type> types) {
    byte[] k = key != null ? key.clone() : new byte[32];
    if (key == null) {
      new SecureRandom().nextBytes(k);
    }
    ServerSocketChannel listener = null;
    try {
      listener = ServerSocketChannel.open();
      listener.bind(address);
      Server server = new Server(listener, k, new LinkedHashMap<>(types));
      ManagerClient.knowKey(server.address, k);
      Thread.ofPlatform()
          .daemon(true)
          .name("multitask-manager-" + server.address.getPort())
          .start(server::acceptLoop);
      return server;
    } catch (IOException e) {
      if (listener != null) {
        try {
          listener.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new UncheckedIOException(
          "cannot serve a manager on " + address + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public byte[] authKey() {
    return key.clone();
  }

  @Override
  public RemoteManager connect() {
    return ManagerClient.connect(address, key);
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel socket;
      try {
        socket = listener.accept();
      } catch (ClosedChannelException stopped) {
        return;
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue; // one failed accept (a peer that left at once): go on listening
      }
      Thread.ofVirtual().name("multitask-manager-connection").start(() -> serve(socket));
    }
  }

  private void serve(SocketChannel socket) {
    FrameChannel channel = new FrameChannel(socket);
    connections.add(channel);
    try {
      if (closed
          || Handshake.acceptWithin(
                  channel, id -> id == Protocol.MANAGER_ID ? key : null, Protocol.HANDSHAKE_MILLIS)
              != Protocol.MANAGER_ID) {
        return; // not our key: dropped before anything but the handshake's frames was read
      }
      for (FrameChannel.Frame request; (request = channel.read(Protocol.MAX_FRAME)) != null; ) {
        channel.send(answer(request));
      }
    } catch (IOException | RuntimeException e) {
      // the peer went, or sent what is not a request: drop the connection
    } finally {
      connections.remove(channel);
      channel.close();
    }
  }

  /** The reply to one request: OK with its result, or FAILED with what went wrong. */
  private BytesOut answer(FrameChannel.Frame request) {
    try {
      BytesIn in = request.body();
      return switch (request.type()) {
        case Protocol.CREATE -> ok(create(in.readString(), in.readString(), Protocol.readArgs(in)));
        case Protocol.CALL -> {
          long id = in.readLong();
          String method = in.readString();
          int count = in.readInt();
          String[] parameterTypes = count < 0 ? null : new String[count];
          for (int i = 0; i < count; i++) {
            parameterTypes[i] = in.readString();
          }
          yield okValue(call(id, method, parameterTypes, Protocol.readArgs(in)));
        }
        case Protocol.RELEASE -> {
          release(in.readLong());
          yield okValue(null);
        }
        default ->
            throw new IllegalArgumentException(
                "not a manager request: frame type " + request.type());
      };
    } catch (InvocationTargetException e) {
      return failed(e.getCause());
    } catch (RuntimeException | Error e) {
      return failed(e);
    }
  }

  private static BytesOut ok(long id) {
    return FrameChannel.begin(Protocol.OK, 8).writeLong(id);
  }

  private static BytesOut okValue(Object value) {
    BytesOut out = FrameChannel.begin(Protocol.OK, 64);
    Codec.encode(value, out);
    return out;
  }

  private static BytesOut failed(Throwable t) {
    BytesOut out = FrameChannel.begin(Protocol.FAILED, 512);
    ThrowableCodec.encode(t, out);
    return out;
  }

  private long create(String typeId, String apiName, Object[] args) {
    ManagerServer.Type type = types.get(typeId);
    if (type == null) {
      throw new IllegalArgumentException(
          "no type '"
              + typeId
              + "' is registered on the manager at "
              + address
              + ": registered are "
              + types.keySet());
    }
    if (!interfacesOf(type.api()).contains(apiName)) {
      throw new IllegalArgumentException(
          "type '"
              + typeId
              + "' is served as "
              + type.api().getName()
              + ", which is not a "
              + apiName
              + ": ask for "
              + type.api().getSimpleName()
              + " or one of its superinterfaces");
    }
    Object object = type.factory().apply(args);
    if (!type.api().isInstance(object)) {
      throw new IllegalStateException(
          "the factory of type '"
              + typeId
              + "' made "
              + (object == null ? "null" : "a " + object.getClass().getName())
              + ", not a "
              + type.api().getName());
    }
    synchronized (ids) {
      Long known = ids.get(object);
      if (known != null && objects.containsKey(known)) {
        return known; // a shared object, as Python's register('get_queue', callable=get_queue)
      }
      long id = nextId.getAndIncrement();
      ids.put(object, id);
      objects.put(id, new Served(typeId, type.api(), object));
      return id;
    }
  }

  private static List<String> interfacesOf(Class<?> api) {
    List<String> names = new ArrayList<>();
    List<Class<?>> todo = new ArrayList<>(List.of(api));
    while (!todo.isEmpty()) {
      Class<?> c = todo.removeLast();
      names.add(c.getName());
      todo.addAll(List.of(c.getInterfaces()));
    }
    return names;
  }

  private Object call(long id, String name, String[] parameterTypes, Object[] args)
      throws InvocationTargetException {
    Served served = objects.get(id);
    if (served == null) {
      throw new IllegalArgumentException(
          "no object #" + id + " on the manager at " + address + ": it was released");
    }
    Method method = exposed(served, name, parameterTypes, args.length);
    try {
      return method.invoke(served.object(), args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(
          "cannot call " + method + " on " + served.typeId() + ": " + e.getMessage(), e);
    }
  }

  /** The method of the served interface called {@code name} with these parameters (or arity). */
  private static Method exposed(Served served, String name, String[] parameterTypes, int arity) {
    Method found = null;
    List<String> exposed = new ArrayList<>();
    for (Method m : served.api().getMethods()) {
      exposed.add(m.getName());
      boolean matches =
          m.getName().equals(name)
              && (parameterTypes == null
                  ? m.getParameterCount() == arity
                  : sameTypes(m, parameterTypes));
      if (matches) {
        if (found != null && parameterTypes == null) {
          throw new IllegalArgumentException(
              "type '"
                  + served.typeId()
                  + "' has several methods "
                  + name
                  + " taking "
                  + arity
                  + " arguments: call it through the proxy's interface");
        }
        found = m;
      }
    }
    if (found == null) {
      throw new IllegalArgumentException(
          "method "
              + name
              + " is not exposed by type '"
              + served.typeId()
              + "' ("
              + served.api().getName()
              + "): exposed are "
              + exposed.stream().distinct().sorted().toList());
    }
    if (!found.canAccess(served.object())) {
      found.trySetAccessible(); // a non-public interface of the program's own: its package is open
      // to us
    }
    return found;
  }

  private static boolean sameTypes(Method m, String[] parameterTypes) {
    Class<?>[] types = m.getParameterTypes();
    if (types.length != parameterTypes.length) {
      return false;
    }
    for (int i = 0; i < types.length; i++) {
      if (!types[i].getName().equals(parameterTypes[i])) {
        return false;
      }
    }
    return true;
  }

  private void release(long id) {
    synchronized (ids) {
      Served served = objects.remove(id);
      if (served != null) {
        ids.remove(served.object());
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing a listener we no longer use: nothing to tell
    }
    for (FrameChannel channel : connections) {
      channel.close();
    }
    objects.clear();
    synchronized (ids) {
      ids.clear();
    }
  }

  @Override
  public String toString() {
    return "manager server at " + address + (closed ? " (closed)" : "");
  }
}

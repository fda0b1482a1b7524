package dev.multitask.shared;

import dev.multitask.spi.Platform;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Serves objects of registered types to other processes and hosts: Python's {@code
 * BaseManager.register(typeid, callable)} and {@code BaseManager(address, authkey).start()} (or
 * {@code get_server().serve_forever()}). The objects live in this JVM; clients reach them through
 * {@link RemoteManager#connect} and the proxies it makes.
 *
 * <pre>{@code
 * try (ManagerServer server = ManagerServer.builder()
 *          .register("Counter", Counter.class, BasicCounter::new)     // a new object per create
 *          .register("queue", BlockingQueue.class, () -> sharedQueue)  // one shared object
 *          .start()) {
 *   RemoteManager m = RemoteManager.connect(server.address(), server.authKey());
 *   Counter c = m.create("Counter", Counter.class);
 *   c.add(5);                                                         // runs in this JVM
 * }
 * }</pre>
 *
 * <p><b>What is exposed:</b> the methods of the registered interface (and its superinterfaces),
 * nothing else of the object: Python's {@code exposed}. Each call runs on a thread of the
 * connection that made it; calls from several clients run at once, so the object must be safe for
 * use by several threads (or the clients must take turns).
 *
 * <p><b>Security.</b> The server listens on the loopback address unless told otherwise. A
 * connection must first pass the HMAC-SHA256 challenge with the key (32 random bytes unless given):
 * a peer without the key is dropped before the server reads anything but the challenge's fixed-size
 * frames, and so before anything is deserialized; arguments are then deserialized under the codec's
 * filter (which refuses well-known gadget classes, and honours a JVM-wide {@code
 * jdk.serialFilter}). The key is never sent. What it does not give: <b>confidentiality or integrity
 * of the traffic</b>. Calls and results cross the network in clear, and someone on the path can
 * read them and, after the handshake, alter them; serve beyond one host only on a network you
 * trust, or through a TLS tunnel. Anyone who holds the key can run every exposed method, and
 * deserialization of their arguments runs whatever classes the filter lets through: give the key
 * only to programs you would let run code here. A proxy captured by a task, or sent through a
 * queue, carries the key with it to the other process (sent over a remote call, it does not).
 *
 * <p>{@link #close()} stops listening and closes every connection: calls in flight and later calls
 * fail with {@link ManagerClosedException} in their processes; the objects are dropped.
 */
public interface ManagerServer extends AutoCloseable {
  /**
   * A builder for a server.
   *
   * @return a new builder: loopback address, a free port, a random key, no types
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * The address the server listens on (with the port chosen, if it was 0).
   *
   * @return the address
   */
  InetSocketAddress address();

  /**
   * The key clients must hold.
   *
   * @return a copy of the key
   */
  byte[] authKey();

  /**
   * A client of this server in this JVM, as another process would make it.
   *
   * @return a connected remote manager
   */
  RemoteManager connect();

  /** Stops the server: see the class comment. Closing twice does nothing. */
  @Override
  void close();

  /**
   * A type the server makes objects of, as {@link Builder#registerWithArgs} registered it.
   *
   * @param typeId the name clients create it by
   * @param api the interface its proxies implement
   * @param factory what makes an object from the client's arguments
   */
  record Type(String typeId, Class<?> api, Function<Object[], ?> factory) {}

  /** The registered types, the address and the key of a server to start. Not thread-safe. */
  final class Builder {
    private final Map<String, Type> types = new LinkedHashMap<>();
    private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private byte[] authKey;

    private Builder() {}

    /**
     * Registers a type whose objects {@code factory} makes with no arguments: Python's {@code
     * register(typeId, callable)}. Each {@code create} calls it; a factory that returns the same
     * object every time shares it between all clients.
     *
     * @param typeId the name clients create it by, not empty
     * @param api the interface proxies implement; its methods are the ones exposed
     * @param factory makes the object (runs on the server)
     * @param <T> the interface
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code typeId} is empty or taken, or {@code api} is not
     *     an interface
     */
    public <T> Builder register(String typeId, Class<T> api, Supplier<? extends T> factory) {
      Objects.requireNonNull(factory, "factory: pass what makes the object");
      return registerWithArgs(
          typeId,
          api,
          args -> {
            if (args.length != 0) {
              throw new IllegalArgumentException(
                  "type '" + typeId + "' takes no arguments: got " + args.length);
            }
            return factory.get();
          });
    }

    /**
     * Registers a type whose objects {@code factory} makes from the arguments of {@link
     * RemoteManager#create}: Python's {@code manager.Foo(1, 2)}.
     *
     * @param typeId the name clients create it by, not empty
     * @param api the interface proxies implement; its methods are the ones exposed
     * @param factory makes the object from the arguments (runs on the server)
     * @param <T> the interface
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code typeId} is empty or taken, or {@code api} is not
     *     an interface
     */
    public <T> Builder registerWithArgs(
        String typeId, Class<T> api, Function<Object[], ? extends T> factory) {
      Objects.requireNonNull(typeId, "typeId: pass the name clients create the type by");
      Objects.requireNonNull(api, "api: pass the interface the proxies implement");
      Objects.requireNonNull(factory, "factory: pass what makes the object");
      if (typeId.isEmpty()) {
        throw new IllegalArgumentException("a type needs a name: typeId is empty");
      }
      if (!api.isInterface()) {
        throw new IllegalArgumentException(
            "api must be an interface, the methods proxies expose: " + api.getName());
      }
      if (types.putIfAbsent(typeId, new Type(typeId, api, factory)) != null) {
        throw new IllegalArgumentException("type '" + typeId + "' is registered already");
      }
      return this;
    }

    /**
     * Where to listen (default: the loopback address, port 0 for a free port). A wildcard or
     * external address serves other hosts: read the class comment's security note first.
     *
     * @param address the address and port
     * @return this builder
     * @throws NullPointerException if {@code address} is null
     */
    public Builder address(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The key clients must hold (default: 32 random bytes, {@link ManagerServer#authKey()}).
     *
     * @param authKey at least 16 bytes; copied
     * @return this builder
     * @throws NullPointerException if {@code authKey} is null
     * @throws IllegalArgumentException if it is shorter than 16 bytes
     */
    public Builder authKey(byte[] authKey) {
      Objects.requireNonNull(authKey, "authKey");
      if (authKey.length < 16) {
        throw new IllegalArgumentException(
            "an authKey needs at least 16 bytes: length=" + authKey.length);
      }
      this.authKey = authKey.clone();
      return this;
    }

    /**
     * Starts serving on threads of this JVM.
     *
     * @return the running server
     * @throws UncheckedIOException if the address cannot be bound
     */
    public ManagerServer start() {
      return Platform.get().startManagerServer(address, authKey, List.copyOf(types.values()));
    }
  }
}

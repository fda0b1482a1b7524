package dev.multitask.shared;

import dev.multitask.spi.Platform;
import java.net.InetSocketAddress;

/**
 * A connection to a {@link ManagerServer} from this JVM, on this host or another: Python's {@code
 * BaseManager(address, authkey).connect()}. {@link #create} makes an object of a registered type on
 * the server and returns a proxy that implements the type's interface (and {@link RemoteObject});
 * each call on it runs on the server, its arguments and result serialized (copies), and an
 * exception thrown there is thrown here with the server's stack trace.
 *
 * <p>Connecting runs the HMAC-SHA256 challenge of the process control channel, both ways, before
 * anything else is sent: a peer with another key is refused, and neither side deserializes anything
 * from it. Calls are synchronous; each thread waiting on a call uses a connection of its own (taken
 * from a small pool), so a call that blocks on the server (a queue's {@code take}) does not hold up
 * the others.
 *
 * <p>Any thread may use a remote manager and its proxies. After {@link #close()}, or once the
 * server has gone, every call throws {@link ManagerClosedException} at once.
 */
public interface RemoteManager extends AutoCloseable {
  /**
   * Connects to the manager server at {@code address} with {@code authKey}.
   *
   * @param address the server's address and port
   * @param authKey the server's key (Python's {@code authkey}), at least 16 bytes
   * @return the connected manager
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the key is shorter than 16 bytes
   * @throws SecurityException if the server does not hold the same key
   * @throws ManagerClosedException if nothing answers at the address
   */
  static RemoteManager connect(InetSocketAddress address, byte[] authKey) {
    return Platform.get().connectManager(address, authKey);
  }

  /**
   * Makes an object of the type registered as {@code typeId} on the server (or gets the shared one
   * its factory returns) and a proxy on it: Python's {@code manager.Foo(args)}.
   *
   * @param typeId the name the type was registered under
   * @param api the interface the proxy implements: the registered one or one of its superinterfaces
   * @param args the factory's arguments (serialized here)
   * @param <T> the interface
   * @return the proxy
   * @throws IllegalArgumentException if no type is registered as {@code typeId}, {@code api} is not
   *     an interface the registered one extends, or an argument cannot be serialized
   * @throws ManagerClosedException if the manager is gone
   * @throws RuntimeException what the factory threw, with the server's stack trace
   */
  <T> T create(String typeId, Class<T> api, Object... args);

  /**
   * The server's address.
   *
   * @return the address connected to
   */
  InetSocketAddress address();

  /**
   * Closes this process's connections to the server; the server and its objects go on. Proxies of
   * this manager fail afterwards, but for those that travelled to other processes.
   */
  @Override
  void close();
}

package dev.multitask.engine.manager;

import dev.multitask.shared.RemoteObject;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;

/**
 * What a proxy made by {@link ManagerClient} does with a call: an abstract method of its interface
 * runs on the server; a default method runs here (on the proxy, so the abstract methods it uses go
 * to the server); {@code equals}, {@code hashCode} and {@code toString} are answered here (two
 * proxies are equal when they name the same object of the same server); {@link RemoteObject}'s
 * methods are the proxy's own. A proxy serializes as its {@link Handle}: address, object id, type
 * and, unless it is an argument of a remote call, the key.
 */
final class ProxyHandler implements InvocationHandler, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final transient ManagerClient client;
  private final long id;
  private final String typeId;

  ProxyHandler(ManagerClient client, long id, String typeId) {
    this.client = client;
    this.id = id;
    this.typeId = typeId;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Class<?> declaring = method.getDeclaringClass();
    if (declaring == Object.class) {
      return switch (method.getName()) {
        case "equals" ->
            args[0] instanceof Proxy other
                && Proxy.isProxyClass(other.getClass())
                && Proxy.getInvocationHandler(other) instanceof ProxyHandler h
                && h.id == id
                && h.client.address().equals(client.address());
        case "hashCode" -> Long.hashCode(id) * 31 + client.address().hashCode();
        default -> toString();
      };
    }
    if (declaring == RemoteObject.class) {
      return switch (method.getName()) {
        case "typeId" -> typeId;
        case "callMethod" -> client.invoke(id, (String) args[0], null, (Object[]) args[1]);
        default -> {
          client.release(id);
          yield null;
        }
      };
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    return client.invoke(id, method.getName(), method, args);
  }

  @Override
  public String toString() {
    return "proxy of '" + typeId + "' #" + id + " at " + client.address();
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    InetSocketAddress address = client.address();
    byte[] key = ManagerClient.overTheNetwork() ? null : client.key();
    return new Handle(address.getHostString(), address.getPort(), id, typeId, key);
  }

  /** What travels for a proxy's handler: the proxy on the other side calls the same object. */
  record Handle(String host, int port, long id, String typeId, byte[] key) implements Serializable {
    @Serial
    private Object readResolve() throws ObjectStreamException {
      return new ProxyHandler(
          ManagerClient.arrived(new InetSocketAddress(host, port), key), id, typeId);
    }
  }
}

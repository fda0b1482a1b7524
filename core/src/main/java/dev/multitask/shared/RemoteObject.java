package dev.multitask.shared;

/**
 * What every proxy made by a {@link RemoteManager} is besides its interface: a handle on an object
 * that lives in a {@link ManagerServer}. Python's {@code BaseProxy}.
 *
 * <p>A proxy may be used by any thread, and travels: a task that captures it, or a message that
 * carries it, gives the other process a proxy on the same object (which connects to the server
 * itself, with the key the proxy carries; see {@link ManagerServer} for what that means).
 */
public interface RemoteObject {
  /**
   * The name the object's type was registered under.
   *
   * @return the type id
   */
  String typeId();

  /**
   * Calls an exposed method by name: Python's {@code proxy._callmethod(name, args)}. The method is
   * picked among those of the registered interface by name and number of arguments.
   *
   * @param method the method's name
   * @param args its arguments (serialized here)
   * @return what it returned (a copy), or null for {@code void}
   * @throws IllegalArgumentException if the interface exposes no such method, or several of that
   *     name and arity, or an argument or the result cannot be serialized
   * @throws ManagerClosedException if the manager is gone
   * @throws RuntimeException whatever the method threw, with the server's stack trace (a checked
   *     exception arrives as the cause of an {@link
   *     java.lang.reflect.UndeclaredThrowableException})
   */
  Object callMethod(String method, Object... args);

  /**
   * Drops the object on the server: every proxy on it, in any process, then fails with {@link
   * IllegalArgumentException}. An object that is never released lives until the server closes
   * (Python counts proxies instead; here the owner of the object decides).
   *
   * @throws ManagerClosedException if the manager is gone
   */
  void release();
}

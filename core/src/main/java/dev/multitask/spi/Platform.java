package dev.multitask.spi;

import dev.multitask.Context;
import dev.multitask.ProcessInfo;
import dev.multitask.ProcessOptions;
import dev.multitask.shared.ManagerServer;
import dev.multitask.shared.RemoteManager;
import dev.multitask.shared.SharedMemory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What the public API's static entry points ({@code Multitask}, {@code SharedMemory.attach}, {@code
 * ManagerServer}, {@code RemoteManager}) need from an implementation, so that no exported package
 * refers to an internal one: the implementation in core provides it, and {@link #get()} finds it
 * once with {@link ServiceLoader}. Applications never call it.
 */
public interface Platform {
  /**
   * The implementation, found once.
   *
   * @return the platform
   * @throws IllegalStateException if none is on the class or module path (a broken install)
   */
  static Platform get() {
    return Holder.PLATFORM;
  }

  /**
   * A context whose jobs run in child JVMs.
   *
   * @param options the workers' options
   * @return the context
   */
  Context processes(ProcessOptions options);

  /**
   * A context whose jobs run on platform threads.
   *
   * @return the context
   */
  Context threads();

  /**
   * A context whose jobs run on virtual threads.
   *
   * @return the context
   */
  Context coroutines();

  /**
   * A context over the backend a {@link BackendProvider} serves {@code url} with.
   *
   * @param url where the cluster is
   * @return the context
   * @throws IllegalStateException if no provider serves the URL's scheme, naming the module to add
   */
  Context cluster(URI url);

  /**
   * This process as multitask sees it.
   *
   * @return its name, pid and parent
   */
  ProcessInfo currentProcess();

  /**
   * The process that started this one as a job, if any.
   *
   * @return the parent, or empty in a process that is not a job
   */
  Optional<ProcessInfo> parentProcess();

  /**
   * Maps shared memory another process made.
   *
   * @param name its name
   * @return this JVM's object over it
   */
  SharedMemory attachSharedMemory(String name);

  /**
   * Starts a manager server.
   *
   * @param address where it listens
   * @param authKey the key clients prove, or null for a fresh random one
   * @param types the types it serves
   * @return the running server
   */
  ManagerServer startManagerServer(
      InetSocketAddress address, byte[] authKey, List<ManagerServer.Type> types);

  /**
   * Connects to a manager server.
   *
   * @param address where it listens
   * @param authKey its key
   * @return the connection
   */
  RemoteManager connectManager(InetSocketAddress address, byte[] authKey);

  /** Loads the platform on first use. */
  final class Holder {
    private Holder() {}

    static final Platform PLATFORM =
        ServiceLoader.load(Platform.class, Platform.class.getClassLoader())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no dev.multitask.spi.Platform on the class path: the"
                            + " multitask-core jar is incomplete (its META-INF/services entry is missing)"));
  }
}

package dev.multitask.process.containers;

import dev.multitask.Context;
import dev.multitask.engine.containers.ContextManager;
import dev.multitask.process.shm.Liveness;
import dev.multitask.shared.SharedList;
import dev.multitask.shared.SharedMap;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * The {@link dev.multitask.shared.Manager} of the process backend. It has no process of its own:
 * its containers live in shared memory, named after the process that made the manager (the owner),
 * whichever process makes them, and are listed in the manager's registry, itself a shared list of
 * {@code kind:name} strings, so that the owner's {@link #close()} finds them all, those made by
 * children included. A task that captures the manager gets this JVM's object for the same registry;
 * it serializes as its handle.
 */
public final class ShmManager extends ContextManager implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final String registryName;
  private final transient ShmList<String> registry;
  private final transient long owner;
  private transient volatile boolean closed;

  private ShmManager(Context context, ShmList<String> registry) {
    super(context);
    this.registry = registry;
    this.registryName = registry.name();
    this.owner = registry.container().owner();
  }

  /**
   * A new manager owned by this process.
   *
   * @param context the context whose queues and locks it hands out
   * @return the manager
   */
  public static ShmManager create(Context context) {
    ShmList<String> registry = ShmList.create(Liveness.SELF, name -> {});
    return Handles.register("manager:" + registry.name(), new ShmManager(context, registry));
  }

  /** This JVM's object for the manager whose registry is {@code name}. */
  static ShmManager attach(String name) {
    ShmList<String> registry =
        ShmList.attach(name); // not inside canonical(): one map, no nested update
    return Handles.canonical("manager:" + name, n -> new ShmManager(null, registry));
  }

  private boolean ownedHere() {
    return owner >>> 32 == Liveness.SELF_PID;
  }

  @Override
  public <K, V> SharedMap<K, V> dict() {
    checkOpen();
    return ShmMap.create(owner, name -> listed(ContainerDescriptor.KIND_MAP, name));
  }

  @Override
  public <E> SharedList<E> list() {
    checkOpen();
    return ShmList.create(owner, name -> listed(ContainerDescriptor.KIND_LIST, name));
  }

  /**
   * Lists a container in the registry before it is made, so that the manager's close finds it even
   * if its maker is killed while making it; throws if the manager has closed.
   */
  private void listed(int kind, String name) {
    registry.add(kind + ":" + name);
  }

  @Override
  public boolean isClosed() {
    return closed || registry.container().isGone();
  }

  /**
   * Closes every container of the manager, in the process that made it: the registry is closed
   * first, in one step with reading it, so that a container made meanwhile by another process is
   * refused (and removed by its maker) rather than missed.
   */
  @Override
  public void close() {
    if (!ownedHere() || closed) {
      return;
    }
    closed = true;
    List<String> listed = registry.closeAndRead();
    Handles.forget(registryName);
    Handles.forget("manager:" + registryName);
    for (String entry : listed) {
      int colon = entry.indexOf(':');
      int kind = Integer.parseInt(entry.substring(0, colon));
      String name = entry.substring(colon + 1);
      try {
        Object mine = Handles.existing(name);
        if (mine instanceof ShmMap<?, ?> map) {
          map.container().close();
        } else if (mine instanceof ShmList<?> list) {
          list.container().close();
        } else {
          Container.destroy(name, kind);
        }
      } catch (IllegalStateException gone) {
        // removed already: nothing of it is left
      } finally {
        Handles.forget(name);
      }
    }
  }

  @Override
  public String toString() {
    return "manager " + registryName + " of process " + (owner >>> 32);
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return new Handles.Handle(Handles.MANAGER, registryName);
  }
}

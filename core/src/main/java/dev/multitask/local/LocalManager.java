package dev.multitask.local;

import dev.multitask.Context;
import dev.multitask.engine.containers.ContextManager;
import dev.multitask.shared.SharedList;
import dev.multitask.shared.SharedMap;

/**
 * The {@link dev.multitask.shared.Manager} of the thread and coroutine backends: its containers are
 * objects of this JVM behind a lock each ({@link LocalSharedMap}, {@link LocalSharedList}), and
 * share its closed flag, so closing needs no list of them.
 */
final class LocalManager extends ContextManager {
  private final String backend;
  private volatile boolean closed;

  /**
   * @param context the context that made it
   * @param backend "threads" or "coroutines", for messages
   */
  LocalManager(Context context, String backend) {
    super(context);
    this.backend = backend;
  }

  @Override
  public <K, V> SharedMap<K, V> dict() {
    checkOpen();
    return new LocalSharedMap<>(this);
  }

  @Override
  public <E> SharedList<E> list() {
    checkOpen();
    return new LocalSharedList<>(this);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Throws if closed: for the containers, which check {@link #isClosed()} first. */
  void checkOpenOrThrow() {
    checkOpen();
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "manager of a " + backend + " context";
  }
}

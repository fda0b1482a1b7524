package dev.multitask.engine.containers;

import dev.multitask.Context;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Queue;
import dev.multitask.shared.Manager;
import dev.multitask.shared.Namespace;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedList;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.shared.SharedMap;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import dev.multitask.sync.Semaphore;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * What every backend's {@link Manager} shares: the queues, locks and values come from the context
 * that made the manager (in the process that made it), a namespace is a {@link MapNamespace} over a
 * {@link #dict()}, and a container made with contents is made empty and then filled in one atomic
 * call. A backend supplies the empty containers and the closing.
 */
public abstract class ContextManager implements Manager {
  /** The context that made this manager; null in a process that received it. */
  private final transient Context context;

  /**
   * A manager of {@code context}.
   *
   * @param context the context whose queues and locks it hands out, or null where there is none (a
   *     process that received the manager)
   */
  protected ContextManager(Context context) {
    this.context = context;
  }

  /** Throws {@link IllegalStateException} if the manager is closed. */
  protected final void checkOpen() {
    if (isClosed()) {
      throw new IllegalStateException(
          this + " is closed: its containers are gone; make a new manager with " + "ctx.manager()");
    }
  }

  private Context context() {
    checkOpen();
    if (context == null) {
      throw new IllegalStateException(
          "the queues, locks and values of a manager are made in the process that "
              + "made it ("
              + this
              + "): make them there and pass them to this job");
    }
    return context;
  }

  @Override
  public <K, V> SharedMap<K, V> dict(Map<? extends K, ? extends V> contents) {
    Objects.requireNonNull(contents, "contents: pass the entries to start with, or call dict()");
    SharedMap<K, V> map = dict();
    map.putAll(contents);
    return map;
  }

  @Override
  public <E> SharedList<E> list(Collection<? extends E> contents) {
    Objects.requireNonNull(contents, "contents: pass the elements to start with, or call list()");
    SharedList<E> list = list();
    list.addAll(contents);
    return list;
  }

  @Override
  public Namespace namespace() {
    return new MapNamespace(dict());
  }

  @Override
  public <T> Queue<T> queue() {
    return context().queue();
  }

  @Override
  public <T> Queue<T> queue(int capacity) {
    return context().queue(capacity);
  }

  @Override
  public <T> JoinableQueue<T> joinableQueue(int capacity) {
    return context().joinableQueue(capacity);
  }

  @Override
  public Lock lock() {
    return context().lock();
  }

  @Override
  public RLock rlock() {
    return context().rlock();
  }

  @Override
  public Semaphore semaphore(int permits) {
    return context().semaphore(permits);
  }

  @Override
  public Semaphore boundedSemaphore(int permits) {
    return context().boundedSemaphore(permits);
  }

  @Override
  public Event event() {
    return context().event();
  }

  @Override
  public Condition condition() {
    return context().condition();
  }

  @Override
  public Barrier barrier(int parties) {
    return context().barrier(parties);
  }

  @Override
  public SharedLong sharedLong(long initial) {
    return context().sharedLong(initial);
  }

  @Override
  public SharedDouble sharedDouble(double initial) {
    return context().sharedDouble(initial);
  }

  @Override
  public SharedLongArray sharedLongArray(int length) {
    return context().sharedLongArray(length);
  }
}

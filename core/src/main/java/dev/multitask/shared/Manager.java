package dev.multitask.shared;

import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Queue;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import dev.multitask.sync.Semaphore;
import java.util.Collection;
import java.util.Map;

/**
 * Python's {@code multiprocessing.Manager()}: made by {@code ctx.manager()}, it makes containers
 * shared by every job that holds them: {@link #dict()} ({@link SharedMap}), {@link #list()} ({@link
 * SharedList}) and {@link #namespace()} ({@link Namespace}), and, as Python's {@code SyncManager},
 * the context's queues, locks, semaphores, events, conditions, barriers and shared values.
 *
 * <p>For processes there is no manager process and no proxy round trip: the containers live in
 * shared memory, and a call is a few hundred nanoseconds, not Python's tens of microseconds. For
 * threads and coroutines they are {@code java.util.concurrent}-style objects of this JVM.
 *
 * <p><b>Who may call it:</b> any thread. A task that captures the manager gets it in the child,
 * where {@code dict()}, {@code list()} and {@code namespace()} make containers that belong to this
 * manager just the same; the queues, locks and other objects of the context are made only in the
 * process that made the manager (make them there and pass them).
 *
 * <p><b>Lifetime:</b> the containers live until the manager closes, by {@link #close()} in the
 * process that made it or when its context closes, or until that process ends; after that every
 * call on them throws {@link IllegalStateException} at once, in every process, and their shared
 * memory is gone. The queues, locks and values made here belong to the context and live as long as
 * it does.
 */
public interface Manager extends AutoCloseable {
  /**
   * A new, empty shared map: Python's {@code manager.dict()}.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @return the map
   * @throws IllegalStateException if the manager is closed
   */
  <K, V> SharedMap<K, V> dict();

  /**
   * A new shared map holding {@code contents}, in its iteration order: Python's {@code
   * manager.dict(contents)}.
   *
   * @param contents the entries to start with (no null keys or values)
   * @param <K> the key type
   * @param <V> the value type
   * @return the map
   * @throws NullPointerException if {@code contents} or one of its keys or values is null
   * @throws IllegalArgumentException if, for processes, a key or value cannot be serialized
   * @throws IllegalStateException if the manager is closed
   */
  <K, V> SharedMap<K, V> dict(Map<? extends K, ? extends V> contents);

  /**
   * A new, empty shared list: Python's {@code manager.list()}.
   *
   * @param <E> the element type
   * @return the list
   * @throws IllegalStateException if the manager is closed
   */
  <E> SharedList<E> list();

  /**
   * A new shared list holding {@code contents}, in its iteration order: Python's {@code
   * manager.list(contents)}.
   *
   * @param contents the elements to start with (no nulls)
   * @param <E> the element type
   * @return the list
   * @throws NullPointerException if {@code contents} or one of its elements is null
   * @throws IllegalArgumentException if, for processes, an element cannot be serialized
   * @throws IllegalStateException if the manager is closed
   */
  <E> SharedList<E> list(Collection<? extends E> contents);

  /**
   * A new namespace with no attributes: Python's {@code manager.Namespace()}.
   *
   * @return the namespace
   * @throws IllegalStateException if the manager is closed
   */
  Namespace namespace();

  /**
   * The context's unbounded queue: Python's {@code manager.Queue()}.
   *
   * @param <T> the element type
   * @return {@code ctx.queue()}
   * @throws IllegalStateException if the manager or its context is closed, or the caller is not in
   *     the process that made the manager
   */
  <T> Queue<T> queue();

  /**
   * The context's bounded queue: Python's {@code manager.Queue(capacity)}.
   *
   * @param capacity the most elements it holds, 0 for no limit
   * @param <T> the element type
   * @return {@code ctx.queue(capacity)}
   * @throws IllegalArgumentException if {@code capacity < 0}
   * @throws IllegalStateException as {@link #queue()}
   */
  <T> Queue<T> queue(int capacity);

  /**
   * The context's joinable queue: Python's {@code manager.JoinableQueue(capacity)}.
   *
   * @param capacity the most elements it holds, 0 for no limit
   * @param <T> the element type
   * @return {@code ctx.joinableQueue(capacity)}
   * @throws IllegalArgumentException if {@code capacity < 0}
   * @throws IllegalStateException as {@link #queue()}
   */
  <T> JoinableQueue<T> joinableQueue(int capacity);

  /**
   * The context's lock: Python's {@code manager.Lock()}.
   *
   * @return {@code ctx.lock()}
   * @throws IllegalStateException as {@link #queue()}
   */
  Lock lock();

  /**
   * The context's reentrant lock: Python's {@code manager.RLock()}.
   *
   * @return {@code ctx.rlock()}
   * @throws IllegalStateException as {@link #queue()}
   */
  RLock rlock();

  /**
   * The context's semaphore: Python's {@code manager.Semaphore(permits)}.
   *
   * @param permits the permits to start with, {@code >= 0}
   * @return {@code ctx.semaphore(permits)}
   * @throws IllegalArgumentException if {@code permits < 0}
   * @throws IllegalStateException as {@link #queue()}
   */
  Semaphore semaphore(int permits);

  /**
   * The context's bounded semaphore: Python's {@code manager.BoundedSemaphore(permits)}.
   *
   * @param permits the permits to start with and the most it may hold, {@code >= 0}
   * @return {@code ctx.boundedSemaphore(permits)}
   * @throws IllegalArgumentException if {@code permits < 0}
   * @throws IllegalStateException as {@link #queue()}
   */
  Semaphore boundedSemaphore(int permits);

  /**
   * The context's event: Python's {@code manager.Event()}.
   *
   * @return {@code ctx.event()}
   * @throws IllegalStateException as {@link #queue()}
   */
  Event event();

  /**
   * The context's condition over a new reentrant lock: Python's {@code manager.Condition()}.
   *
   * @return {@code ctx.condition()}
   * @throws IllegalStateException as {@link #queue()}
   */
  Condition condition();

  /**
   * The context's barrier: Python's {@code manager.Barrier(parties)}.
   *
   * @param parties how many jobs a round needs, {@code >= 1}
   * @return {@code ctx.barrier(parties)}
   * @throws IllegalArgumentException if {@code parties < 1}
   * @throws IllegalStateException as {@link #queue()}
   */
  Barrier barrier(int parties);

  /**
   * The context's shared {@code long}: Python's {@code manager.Value('q', initial)}.
   *
   * @param initial the value
   * @return {@code ctx.sharedLong(initial)}
   * @throws IllegalStateException as {@link #queue()}
   */
  SharedLong sharedLong(long initial);

  /**
   * The context's shared {@code double}: Python's {@code manager.Value('d', initial)}.
   *
   * @param initial the value
   * @return {@code ctx.sharedDouble(initial)}
   * @throws IllegalStateException as {@link #queue()}
   */
  SharedDouble sharedDouble(double initial);

  /**
   * The context's shared, zero-filled {@code long} array: Python's {@code manager.Array('q',
   * length)}.
   *
   * @param length the number of elements, {@code >= 0}
   * @return {@code ctx.sharedLongArray(length)}
   * @throws IllegalArgumentException if {@code length < 0}
   * @throws IllegalStateException as {@link #queue()}
   */
  SharedLongArray sharedLongArray(int length);

  /**
   * Whether the manager has closed (by {@link #close()}, its context's close, or the end of the
   * process that made it, as far as this process can tell).
   *
   * @return whether calls on its containers now fail
   */
  boolean isClosed();

  /**
   * Closes the manager in the process that made it: its containers are emptied of their shared
   * memory, and every later call on them, in any process, throws {@link IllegalStateException}. In
   * another process this does nothing (as a Python proxy does not shut its manager down). Closing
   * twice does nothing. A thread blocked on a container's lock is let through and then fails.
   */
  @Override
  void close();
}

package dev.multitask.coro;

import dev.multitask.ipc.QueueClosedException;
import dev.multitask.spi.Timeouts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A queue between coroutines: asyncio's {@code Queue}, {@code LifoQueue} and {@code PriorityQueue},
 * with Java's names as the context's {@code Queue} has them: {@link #put} and {@link #take} wait
 * (await points), {@link #offer(Object)} and {@link #poll()} never wait (Python's {@code
 * put_nowait}/{@code get_nowait}; {@code false}/{@code null} are {@code QueueFull} and {@code
 * QueueEmpty}), the timed forms wait at most their timeout. Capacity 0 is unbounded. {@link
 * #taskDone()} and {@link #join()} count unfinished elements as a {@code JoinableQueue} does;
 * {@link #close()} is asyncio's {@code shutdown()}: later puts throw {@link QueueClosedException},
 * takers drain what is left and then throw it.
 *
 * <p>Fair and lossless: takers get elements in the order they came to wait, a put hands its element
 * straight to the oldest waiting taker, and a full queue takes waiting putters' elements in the
 * order they came. A waiter handed an element (or whose element was taken in) returns normally even
 * if it was cancelled at the same moment; the cancellation is thrown at its next await point. Null
 * elements are refused. The non-waiting methods may be called from any thread, so a plain thread
 * can feed coroutines. Not bound to a loop.
 *
 * <p>Memory consistency: actions before a put happen-before the actions after the take of that
 * element.
 *
 * @param <T> the element type
 */
public final class AsyncQueue<T> {
  private static final Object CLOSED = new Object();

  private final ReentrantLock mutex = new ReentrantLock();
  private final WaitQueue takers = new WaitQueue();
  private final WaitQueue putters = new WaitQueue();
  private final WaitQueue joiners = new WaitQueue();
  private final Store<T> store;
  private final int capacity;
  private int unfinished;
  private boolean closed;

  /** An unbounded FIFO queue: {@code asyncio.Queue()}. */
  public AsyncQueue() {
    this(0);
  }

  /**
   * A FIFO queue: {@code asyncio.Queue(maxsize=capacity)}.
   *
   * @param capacity the most elements it holds, 0 for unbounded
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  public AsyncQueue(int capacity) {
    this(capacity, new Store.Fifo<>());
  }

  private AsyncQueue(int capacity, Store<T> store) {
    if (capacity < 0) {
      throw new IllegalArgumentException(
          "capacity must be >= 0 (0 = unbounded): capacity=" + capacity);
    }
    this.capacity = capacity;
    this.store = store;
  }

  /**
   * A last-in first-out queue: {@code asyncio.LifoQueue(capacity)}.
   *
   * @param capacity the most elements it holds, 0 for unbounded
   * @param <T> the element type
   * @return the queue
   */
  public static <T> AsyncQueue<T> lifo(int capacity) {
    return new AsyncQueue<>(capacity, new Store.Lifo<>());
  }

  /**
   * A priority queue in the elements' natural order (smallest first; equal elements leave in the
   * order they came): {@code asyncio.PriorityQueue(capacity)}.
   *
   * @param capacity the most elements it holds, 0 for unbounded
   * @param <T> the element type
   * @return the queue
   */
  public static <T extends Comparable<? super T>> AsyncQueue<T> priority(int capacity) {
    return new AsyncQueue<>(capacity, new Store.Priority<T>(Comparator.naturalOrder()));
  }

  /**
   * A priority queue in {@code comparator}'s order (smallest first; ties in arrival order).
   *
   * @param capacity the most elements it holds, 0 for unbounded
   * @param comparator the order
   * @param <T> the element type
   * @return the queue
   */
  public static <T> AsyncQueue<T> priority(int capacity, Comparator<? super T> comparator) {
    return new AsyncQueue<>(
        capacity, new Store.Priority<>(Objects.requireNonNull(comparator, "comparator")));
  }

  // ---------------------------------------------------------------- putting

  /**
   * Puts {@code element}, waiting while the queue is full: {@code await q.put(x)}.
   *
   * @param element the element, not null
   * @throws QueueClosedException if the queue is (or gets) closed; the element is not put
   * @throws CancelledException if the caller is cancelled before the element is put
   */
  public void put(T element) {
    put(element, -1, "AsyncQueue.put");
  }

  /**
   * Puts {@code element}, waiting at most {@code timeout} for room.
   *
   * @param element the element
   * @param timeout how long at most
   * @return whether it was put (false: Python's {@code QueueFull})
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean offer(T element, Duration timeout) {
    return put(element, Timeouts.nanos(timeout), "AsyncQueue.offer");
  }

  /**
   * Puts {@code element} if there is room, without waiting: {@code put_nowait}. From anywhere.
   *
   * @param element the element
   * @return whether it was put
   * @throws QueueClosedException if the queue is closed
   */
  public boolean offer(T element) {
    Objects.requireNonNull(element, "element: a queue holds no nulls");
    mutex.lock();
    try {
      return putNow(element);
    } finally {
      mutex.unlock();
    }
  }

  private boolean put(T element, long timeoutNanos, String operation) {
    Objects.requireNonNull(element, "element: a queue holds no nulls");
    Fiber me = Fiber.current(operation);
    me.throwIfCancelled();
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    while (true) {
      long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      Waiter w;
      mutex.lock();
      try {
        if (putNow(element)) {
          return true;
        }
        if (left == 0) {
          return false;
        }
        w = new Waiter(me, me.beginWait(this, Fiber.THROW));
        w.item = element;
        putters.add(w);
      } finally {
        mutex.unlock();
      }
      int reason = me.park(w.seq, left);
      if (reason == Fiber.WOKEN) {
        if (w.item == CLOSED) {
          throw closedFor("put");
        }
        return true; // a taker moved the element in
      }
      mutex.lock();
      try {
        putters.remove(w);
      } finally {
        mutex.unlock();
      }
      if (reason == Fiber.TIMED_OUT) {
        return false;
      }
      me.throwIfCancelled();
    }
  }

  /** Puts if it can without waiting; the caller holds the mutex. */
  private boolean putNow(T element) {
    if (closed) {
      throw closedFor("put");
    }
    for (Waiter w; (w = takers.poll()) != null; ) {
      w.item = element;
      if (w.wake()) {
        unfinished++;
        return true; // handed straight to the oldest taker
      }
    }
    if (capacity > 0 && store.size() >= capacity) {
      return false;
    }
    store.add(element);
    unfinished++;
    return true;
  }

  // ---------------------------------------------------------------- taking

  /**
   * Takes the next element, waiting while the queue is empty: {@code await q.get()}.
   *
   * @return the element
   * @throws QueueClosedException if the queue is closed and drained
   * @throws CancelledException if the caller is cancelled before it gets an element
   */
  public T take() {
    return take(-1, "AsyncQueue.take");
  }

  /**
   * Takes the next element, waiting at most {@code timeout}.
   *
   * @param timeout how long at most
   * @return the element, or null if none came in time (Python's {@code QueueEmpty})
   * @throws QueueClosedException if the queue is closed and drained
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public T poll(Duration timeout) {
    return take(Timeouts.nanos(timeout), "AsyncQueue.poll");
  }

  /**
   * Takes the next element if there is one, without waiting: {@code get_nowait}. From anywhere.
   *
   * @return the element, or null if the queue is empty
   * @throws QueueClosedException if the queue is closed and drained
   */
  public T poll() {
    mutex.lock();
    try {
      T x = takeNow();
      if (x == null && closed) {
        throw closedFor("take");
      }
      return x;
    } finally {
      mutex.unlock();
    }
  }

  @SuppressWarnings("unchecked")
  private T take(long timeoutNanos, String operation) {
    Fiber me = Fiber.current(operation);
    me.throwIfCancelled();
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    while (true) {
      long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      Waiter w;
      mutex.lock();
      try {
        T x = takeNow();
        if (x != null) {
          return x;
        }
        if (closed) {
          throw closedFor("take");
        }
        if (left == 0) {
          return null;
        }
        w = new Waiter(me, me.beginWait(this, Fiber.THROW));
        takers.add(w);
      } finally {
        mutex.unlock();
      }
      int reason = me.park(w.seq, left);
      if (reason == Fiber.WOKEN) {
        if (w.item == CLOSED) {
          throw closedFor("take");
        }
        return (T) w.item;
      }
      mutex.lock();
      try {
        takers.remove(w);
      } finally {
        mutex.unlock();
      }
      if (reason == Fiber.TIMED_OUT) {
        return null;
      }
      me.throwIfCancelled();
    }
  }

  /** Takes if it can without waiting, moving a waiting putter's element in; under the mutex. */
  @SuppressWarnings("unchecked")
  private T takeNow() {
    T x = store.poll();
    if (x == null) {
      return null;
    }
    for (Waiter w; (w = putters.poll()) != null; ) {
      if (w.wake()) {
        store.add((T) w.item);
        unfinished++;
        break;
      }
    }
    return x;
  }

  // ---------------------------------------------------------------- unfinished elements

  /**
   * Marks one taken element as processed: {@code task_done()}. When every element put has been
   * marked, {@link #join()} returns.
   *
   * @throws IllegalStateException if called more times than elements were put (Python's {@code
   *     ValueError})
   */
  public void taskDone() {
    mutex.lock();
    try {
      if (unfinished == 0) {
        throw new IllegalStateException("taskDone() called more times than elements were put");
      }
      if (--unfinished == 0) {
        joiners.wakeAll();
      }
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Waits until every element put has been marked by {@link #taskDone()}: {@code await q.join()}.
   *
   * @throws CancelledException if the caller is cancelled first
   */
  public void join() {
    join(-1, "AsyncQueue.join");
  }

  /**
   * As {@link #join()}, waiting at most {@code timeout}.
   *
   * @param timeout how long at most
   * @return whether every element was marked done
   */
  public boolean join(Duration timeout) {
    return join(Timeouts.nanos(timeout), "AsyncQueue.join");
  }

  private boolean join(long timeoutNanos, String operation) {
    Fiber me = Fiber.current(operation);
    me.throwIfCancelled();
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    while (true) {
      long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      Waiter w;
      mutex.lock();
      try {
        if (unfinished == 0) {
          return true;
        }
        if (left == 0) {
          return false;
        }
        w = new Waiter(me, me.beginWait(this, Fiber.THROW));
        joiners.add(w);
      } finally {
        mutex.unlock();
      }
      int reason = me.park(w.seq, left);
      if (reason == Fiber.WOKEN) {
        return true;
      }
      mutex.lock();
      try {
        joiners.remove(w);
      } finally {
        mutex.unlock();
      }
      if (reason == Fiber.TIMED_OUT) {
        return false;
      }
      me.throwIfCancelled();
    }
  }

  // ---------------------------------------------------------------- closing and queries

  /**
   * Closes the queue: asyncio's {@code shutdown()}. Waiting putters and later puts throw {@link
   * QueueClosedException} (their elements are not put); takers drain what is left, then throw it.
   * Idempotent.
   */
  public void close() {
    mutex.lock();
    try {
      closed = true;
      for (Waiter w; (w = putters.poll()) != null; ) {
        w.item = CLOSED;
        w.wake();
      }
      for (Waiter w; (w = takers.poll()) != null; ) {
        w.item = CLOSED;
        w.wake();
      }
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return the flag
   */
  public boolean isClosed() {
    mutex.lock();
    try {
      return closed;
    } finally {
      mutex.unlock();
    }
  }

  /**
   * The number of elements now: {@code qsize()}, a snapshot.
   *
   * @return the size
   */
  public int size() {
    mutex.lock();
    try {
      return store.size();
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Whether it is empty now: {@code empty()}.
   *
   * @return the flag
   */
  public boolean isEmpty() {
    return size() == 0;
  }

  /**
   * Whether it is full now: {@code full()}; never for an unbounded queue.
   *
   * @return the flag
   */
  public boolean isFull() {
    return capacity > 0 && size() >= capacity;
  }

  /**
   * The capacity: Python's {@code maxsize}.
   *
   * @return the capacity, 0 for unbounded
   */
  public int capacity() {
    return capacity;
  }

  /**
   * Elements put and not yet marked by {@link #taskDone()}.
   *
   * @return the count
   */
  public int unfinishedTasks() {
    mutex.lock();
    try {
      return unfinished;
    } finally {
      mutex.unlock();
    }
  }

  private QueueClosedException closedFor(String operation) {
    return new QueueClosedException(
        "AsyncQueue is closed: cannot "
            + operation
            + (operation.equals("take") ? " (it is drained)" : ""));
  }

  @Override
  public String toString() {
    mutex.lock();
    try {
      return "AsyncQueue@"
          + Integer.toHexString(System.identityHashCode(this))
          + "["
          + store.size()
          + (capacity > 0 ? " of " + capacity : "")
          + (closed ? ", closed" : "")
          + (takers.isEmpty() ? "" : ", " + takers.size() + " takers waiting")
          + (putters.isEmpty() ? "" : ", " + putters.size() + " putters waiting")
          + "]";
    } finally {
      mutex.unlock();
    }
  }

  /** Where the elements are kept: the queue's order. Guarded by the queue's mutex. */
  private interface Store<T> {
    void add(T x);

    T poll();

    int size();

    final class Fifo<T> implements Store<T> {
      private final ArrayDeque<T> items = new ArrayDeque<>();

      @Override
      public void add(T x) {
        items.addLast(x);
      }

      @Override
      public T poll() {
        return items.pollFirst();
      }

      @Override
      public int size() {
        return items.size();
      }
    }

    final class Lifo<T> implements Store<T> {
      private final ArrayDeque<T> items = new ArrayDeque<>();

      @Override
      public void add(T x) {
        items.addFirst(x);
      }

      @Override
      public T poll() {
        return items.pollFirst();
      }

      @Override
      public int size() {
        return items.size();
      }
    }

    final class Priority<T> implements Store<T> {
      private record Entry<T>(T item, long order) {}

      private final PriorityQueue<Entry<T>> items;
      private long orders;

      Priority(Comparator<? super T> comparator) {
        Comparator<Entry<T>> byItem = (a, b) -> comparator.compare(a.item(), b.item());
        this.items = new PriorityQueue<>(byItem.thenComparingLong(Entry::order));
      }

      @Override
      public void add(T x) {
        items.add(new Entry<>(x, orders++));
      }

      @Override
      public T poll() {
        Entry<T> e = items.poll();
        return e == null ? null : e.item();
      }

      @Override
      public int size() {
        return items.size();
      }
    }
  }
}

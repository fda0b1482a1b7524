package dev.multitask.local;

import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.QueueClosedException;
import dev.multitask.spi.HeadOnlyQueue;
import dev.multitask.spi.QueueOrder;
import dev.multitask.spi.QueueSnapshot;
import dev.multitask.trace.Recorder;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue of the thread and coroutine backends: a {@link JoinableQueue} for platform and virtual
 * threads of one JVM, in first-in-first-out, last-in-first-out or priority order.
 *
 * <p>Any number of threads may put and take at once; each element is delivered to exactly one
 * taker. Blocking: one lock guards the queue, and {@code put} (on a full bounded queue), {@code
 * take} (on an empty one) and {@code join} wait on conditions of that lock. Every wait is
 * interruptible: {@link InterruptedException} leaves the queue as it was, so nothing is lost. Timed
 * forms treat a negative timeout as zero, as every {@link java.util.concurrent.BlockingQueue} does,
 * except {@link #join(Duration)}, which rejects it.
 *
 * <p>Priority order is the comparator's, or the elements' natural order; equal elements come out
 * first in, first out. With natural order an element that is not {@link Comparable} is rejected by
 * {@code put}/{@code offer} with {@link ClassCastException}; a comparator that throws leaves the
 * queue unchanged.
 *
 * <p>{@link #close()} wakes every blocked putter and taker: puts then throw {@link
 * QueueClosedException}, takers drain what is left, after which {@code take} throws and the {@code
 * poll} forms return {@code null} at once. Every way of removing an element ({@code take}, {@code
 * poll}, {@code drainTo}, {@code clear}) counts as taking it: {@link #taskDone()} is the taker's
 * report and is never implied.
 *
 * <p>The iterator walks a snapshot, in the order {@code take} would return the elements; nothing
 * removes an element from the middle (see {@link dev.multitask.ipc.Queue}).
 *
 * <p>Memory consistency effects: actions of a thread before it puts an element happen-before the
 * actions of the thread that takes it; actions before {@code taskDone()} happen-before the return
 * of a {@code join} that it releases.
 *
 * <p>Limits: capacity up to {@link Integer#MAX_VALUE} elements (0 = unbounded, then {@link
 * #remainingCapacity()} is {@code Integer.MAX_VALUE}); an unbounded queue holds at most {@code
 * Integer.MAX_VALUE} elements; the unfinished count is a {@code long}.
 *
 * @param <T> the element type
 */
final class LocalQueue<T> extends HeadOnlyQueue<T> implements JoinableQueue<T> {
  /*
   * One ReentrantLock, as ArrayBlockingQueue: a put signals one taker, a take one putter; close,
   * drainTo and clear signal all. Priority order (LocalStore.Priority) is a TreeSet of (element,
   * sequence) entries rather than java.util.PriorityQueue: PriorityQueue moves parents down before
   * the comparison that may throw, so a failing comparator would lose one element and duplicate
   * another, while TreeMap compares along the search path before it links anything. The sequence
   * number makes equal elements distinct and first in, first out.
   */

  private final QueueOrder order;
  private final int capacity;
  private final LocalStore<T> store;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Condition allDone = lock.newCondition();
  private long unfinished; // guarded by lock
  private volatile boolean closed; // written under lock

  /**
   * Makes an empty queue.
   *
   * @param order the order elements come out in
   * @param capacity the most elements it holds, 0 for no limit
   * @param comparator for {@link QueueOrder#PRIORITY}: the order, or null for the natural one
   */
  LocalQueue(QueueOrder order, int capacity, Comparator<? super T> comparator) {
    if (capacity < 0) {
      throw new IllegalArgumentException(
          "queue capacity must be >= 0 (0 = unbounded): capacity=" + capacity);
    }
    this.order = Objects.requireNonNull(order, "order");
    this.capacity = capacity;
    this.store =
        switch (order) {
          case FIFO -> new LocalStore.Deque<>(false);
          case LIFO -> new LocalStore.Deque<>(true);
          case PRIORITY -> new LocalStore.Priority<>(comparator);
        };
  }

  // ---- put ----

  @Override
  public void put(T element) throws InterruptedException {
    checkElement(element);
    lock.lockInterruptibly();
    long waited = 0; // when a traced wait began
    try {
      while (true) {
        checkNotClosed("put");
        if (!isFull()) {
          break;
        }
        waited = waited != 0 ? waited : Recorder.waitStart();
        notFull.await();
      }
      insert(element);
      traceWait(waited, true);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean offer(T element) {
    checkElement(element);
    lock.lock();
    try {
      checkNotClosed("offer");
      if (isFull()) {
        return false;
      }
      insert(element);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean offer(T element, long timeout, TimeUnit unit) throws InterruptedException {
    checkElement(element);
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    long waited = 0;
    try {
      while (true) {
        checkNotClosed("offer");
        if (!isFull()) {
          break;
        }
        if (nanos <= 0) {
          traceWait(waited, true);
          return false;
        }
        waited = waited != 0 ? waited : Recorder.waitStart();
        nanos = notFull.awaitNanos(nanos);
      }
      insert(element);
      traceWait(waited, true);
      return true;
    } finally {
      lock.unlock();
    }
  }

  // ---- take ----

  @Override
  public T take() throws InterruptedException {
    lock.lockInterruptibly();
    long waited = 0;
    try {
      while (store.size() == 0) {
        if (closed) {
          throw new QueueClosedException("take on " + this + ": the queue is closed and drained");
        }
        waited = waited != 0 ? waited : Recorder.waitStart();
        notEmpty.await();
      }
      traceWait(waited, false);
      return extract();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public T poll() {
    lock.lock();
    try {
      return store.size() == 0 ? null : extract();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    long waited = 0;
    try {
      while (store.size() == 0) {
        if (closed || nanos <= 0) {
          traceWait(waited, false);
          return null;
        }
        waited = waited != 0 ? waited : Recorder.waitStart();
        nanos = notEmpty.awaitNanos(nanos);
      }
      traceWait(waited, false);
      return extract();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public T peek() {
    lock.lock();
    try {
      return store.peek();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int drainTo(Collection<? super T> sink) {
    return drainTo(sink, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super T> sink, int maxElements) {
    Objects.requireNonNull(sink, "sink");
    if (sink == this) {
      throw new IllegalArgumentException("cannot drain a queue into itself");
    }
    if (maxElements <= 0) {
      return 0;
    }
    lock.lock();
    int moved = 0;
    try {
      while (moved < maxElements && store.size() > 0) {
        sink.add(store.peek()); // the element stays here if the sink refuses it
        store.poll();
        moved++;
      }
      return moved;
    } finally {
      if (moved > 0) {
        notFull.signalAll();
      }
      lock.unlock();
    }
  }

  // ---- state ----

  @Override
  public int size() {
    lock.lock();
    try {
      return store.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int remainingCapacity() {
    if (capacity == 0) {
      return Integer.MAX_VALUE;
    }
    lock.lock();
    try {
      return capacity - store.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void clear() {
    lock.lock();
    try {
      store.clear();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A weakly consistent iterator over a snapshot, in take order; its {@code remove} throws. */
  @Override
  public Iterator<T> iterator() {
    lock.lock();
    try {
      return QueueSnapshot.of(store.snapshot());
    } finally {
      lock.unlock();
    }
  }

  // ---- close and join ----

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        notEmpty.signalAll();
        notFull.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void taskDone() {
    lock.lock();
    try {
      if (unfinished == 0) {
        throw new IllegalStateException(
            "taskDone called more times than elements were put, on " + this);
      }
      if (--unfinished == 0) {
        allDone.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void join() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (unfinished > 0) {
        allDone.await();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean join(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("join timeout must not be negative: timeout=" + timeout);
    }
    long nanos = TimeUnit.NANOSECONDS.convert(timeout); // saturates instead of overflowing
    lock.lockInterruptibly();
    try {
      while (unfinished > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = allDone.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long unfinishedTasks() {
    lock.lock();
    try {
      return unfinished;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    int size;
    lock.lock();
    try {
      size = store.size();
    } finally {
      lock.unlock();
    }
    return "LocalQueue["
        + order
        + ", size="
        + size
        + ", capacity="
        + (capacity == 0 ? "unbounded" : capacity)
        + (closed ? ", closed]" : "]");
  }

  // ---- internals (lock held) ----

  /**
   * Records a put's or take's wait that began at {@code waited} (0: it did not wait, or untraced).
   */
  private void traceWait(long waited, boolean put) {
    if (waited != 0) {
      Recorder.queueWait(
          "queue@" + Integer.toHexString(System.identityHashCode(this)) + " (" + order + ")",
          put,
          waited);
    }
  }

  private static void checkElement(Object element) {
    Objects.requireNonNull(element, "element: a queue holds no null elements");
  }

  private void checkNotClosed(String operation) {
    if (closed) {
      throw new QueueClosedException(
          operation + " on " + this + ": the queue is closed; no more elements may be put");
    }
  }

  private boolean isFull() {
    int size = store.size();
    return capacity == 0 ? size == Integer.MAX_VALUE : size >= capacity;
  }

  private void insert(T element) {
    store.add(element); // may throw ClassCastException, leaving the store unchanged
    unfinished++;
    notEmpty.signal();
  }

  private T extract() {
    T element = store.poll();
    notFull.signal();
    return element;
  }
}

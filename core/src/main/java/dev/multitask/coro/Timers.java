package dev.multitask.coro;

import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The deadlines of every event loop in this JVM: one binary heap of {@link TimerEntry}s ordered by
 * (deadline, scheduling order) and one platform daemon thread that expires them. Expiry only makes
 * a coroutine ready (or cancels a scope); the coroutine itself runs on its loop.
 *
 * <p>Why not a {@code ScheduledThreadPoolExecutor}: each of its tasks costs three objects (some 100
 * bytes), and a million sleeping coroutines would carry a million of them. Here the entry is the
 * coroutine itself (a {@link Fiber} is a {@link TimerEntry}), so a timed wait allocates nothing;
 * sleepers that start in order have rising deadlines, so an insertion ends at once.
 */
final class Timers {
  private static final int BATCH = 256;
  private static final Timers INSTANCE = new Timers();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private TimerEntry[] heap = new TimerEntry[256];
  private int size;
  private long orders;
  private boolean started;

  private Timers() {}

  /**
   * Schedules {@code entry} to expire {@code delayNanos} from now with {@code token}.
   *
   * @param delayNanos more than 0; saturated far in the future
   */
  static void schedule(TimerEntry entry, long delayNanos, long token) {
    INSTANCE.add(entry, delayNanos, token);
  }

  /** Unschedules {@code entry} if it has not expired; does nothing otherwise. */
  static void cancel(TimerEntry entry) {
    INSTANCE.remove(entry);
  }

  /** How many entries are scheduled now: a snapshot, for tests. */
  static int scheduled() {
    Timers t = INSTANCE;
    t.lock.lock();
    try {
      return t.size;
    } finally {
      t.lock.unlock();
    }
  }

  private void add(TimerEntry e, long delayNanos, long token) {
    long now = System.nanoTime();
    long deadline = now + delayNanos;
    if (deadline - now < 0) {
      deadline = now + Long.MAX_VALUE; // saturate: some 292 years is no deadline at all
    }
    lock.lock();
    try {
      if (!started) {
        started = true;
        Thread.ofPlatform().daemon().name("multitask-coro-timer").start(this::run);
      }
      if (e.heapIndex >= 0) {
        removeAt(e.heapIndex);
      }
      e.deadline = deadline;
      e.order = orders++;
      e.token = token;
      if (size == heap.length) {
        heap = Arrays.copyOf(heap, size * 2);
      }
      siftUp(size++, e);
      if (e.heapIndex == 0) {
        changed.signal(); // a new earliest deadline: the timer thread sleeps too long otherwise
      }
    } finally {
      lock.unlock();
    }
  }

  private void remove(TimerEntry e) {
    lock.lock();
    try {
      if (e.heapIndex >= 0) {
        removeAt(e.heapIndex);
      }
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    TimerEntry[] due = new TimerEntry[BATCH];
    long[] tokens = new long[BATCH];
    while (true) {
      int n = 0;
      lock.lock();
      try {
        while (n == 0) {
          if (size == 0) {
            changed.awaitUninterruptibly();
            continue;
          }
          long wait = heap[0].deadline - System.nanoTime();
          if (wait > 0) {
            try {
              changed.awaitNanos(wait);
            } catch (InterruptedException e) {
              // nobody interrupts this thread; a stray interrupt only shortens one wait
            }
            continue;
          }
          long now = System.nanoTime();
          while (n < BATCH && size > 0 && heap[0].deadline - now <= 0) {
            TimerEntry e = heap[0];
            tokens[n] = e.token;
            due[n++] = e;
            removeAt(0);
          }
        }
      } finally {
        lock.unlock();
      }
      for (int i = 0; i < n; i++) {
        try {
          due[i].expire(tokens[i]);
        } catch (Throwable t) {
          // an expiry only wakes a coroutine; a failure there is a bug, reported, never fatal here
          Report.error("timer expiry failed", t);
        }
        due[i] = null;
      }
    }
  }

  private static boolean before(TimerEntry a, TimerEntry b) {
    long d = a.deadline - b.deadline;
    return d < 0 || (d == 0 && a.order < b.order);
  }

  private void removeAt(int i) {
    TimerEntry removed = heap[i];
    removed.heapIndex = -1;
    TimerEntry last = heap[--size];
    heap[size] = null;
    if (i == size) {
      return;
    }
    siftDown(i, last);
    if (heap[i] == last) {
      siftUp(i, last);
    }
  }

  private void siftUp(int i, TimerEntry e) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      TimerEntry p = heap[parent];
      if (!before(e, p)) {
        break;
      }
      heap[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = e;
    e.heapIndex = i;
  }

  private void siftDown(int i, TimerEntry e) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      TimerEntry c = heap[child];
      int right = child + 1;
      if (right < size && before(heap[right], c)) {
        child = right;
        c = heap[child];
      }
      if (!before(c, e)) {
        break;
      }
      heap[i] = c;
      c.heapIndex = i;
      i = child;
    }
    heap[i] = e;
    e.heapIndex = i;
  }
}

package dev.multitask.coro;

import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The deadlines of every event loop in this JVM, and one platform daemon thread that expires them.
 * Expiry only makes a coroutine ready (or cancels a scope); the coroutine itself runs on its loop.
 *
 * <p>Two structures, one order (deadline, then scheduling order):
 *
 * <ul>
 *   <li>the <em>lane</em>, a FIFO ring of entries whose deadlines rise: a deadline at or after the
 *       lane's last one is appended there in O(1) and leaves from the head in O(1). Sleeps of one
 *       duration started one after the other (a million sleepers; a loop that ticks) all go there.
 *   <li>a binary heap for the others, O(log n).
 * </ul>
 *
 * <p>An entry the lane holds is unscheduled by marking it ({@code heapIndex = -1}); its slot stays
 * until it reaches the head and is skipped there (the slot's token, compared with the entry's,
 * tells a stale slot from the entry's current one). The lane is compacted when stale slots are more
 * than half of it, so cancelled waits cannot pile up.
 *
 * <p>Why not a {@code ScheduledThreadPoolExecutor}: each of its tasks costs three objects (some 100
 * bytes) and an O(log n) insertion; here the entry is the coroutine itself (a {@link Fiber} is a
 * {@link TimerEntry}), so a timed wait allocates nothing. Expired coroutines are made ready in
 * batches, one lock of their loop per batch, so that the timer thread and the loop do not contend
 * once per coroutine.
 */
final class Timers {
  /** {@link TimerEntry#heapIndex} of an entry in the lane. */
  static final int IN_LANE = -2;

  private static final int BATCH = 256;
  private static final Timers INSTANCE = new Timers();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private TimerEntry[] heap = new TimerEntry[256];
  private int size;
  private long orders;
  private boolean started;

  private TimerEntry[] lane = new TimerEntry[256];
  private long[] laneTokens = new long[256];
  private long[] laneDeadlines = new long[256];
  private int laneHead;
  private int laneSize;
  private int laneStale;
  private long laneLast;

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
      return t.size + t.laneSize - t.laneStale;
    } finally {
      t.lock.unlock();
    }
  }

  /** How many slots the lane holds now, stale ones included: a snapshot, for tests. */
  static int laneSlots() {
    Timers t = INSTANCE;
    t.lock.lock();
    try {
      return t.laneSize;
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
      unschedule(e);
      e.deadline = deadline;
      e.order = orders++;
      e.token = token;
      boolean earliest;
      if (laneSize == laneStale || deadline - laneLast >= 0) {
        earliest = laneSize == laneStale && (size == 0 || deadline - heap[0].deadline < 0);
        append(e, deadline, token);
      } else {
        if (size == heap.length) {
          heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, e);
        earliest =
            e.heapIndex == 0 && (laneSize == laneStale || deadline - laneDeadlines[laneHead] < 0);
      }
      if (earliest) {
        changed.signal(); // a new earliest deadline: the timer thread sleeps too long otherwise
      }
    } finally {
      lock.unlock();
    }
  }

  private void remove(TimerEntry e) {
    lock.lock();
    try {
      unschedule(e);
    } finally {
      lock.unlock();
    }
  }

  /** Takes {@code e} out of the heap, or marks its lane slot stale; under the lock. */
  private void unschedule(TimerEntry e) {
    if (e.heapIndex >= 0) {
      removeAt(e.heapIndex);
    } else if (e.heapIndex == IN_LANE) {
      e.heapIndex = -1;
      laneStale++;
      if (laneStale > 1024 && laneStale * 2 > laneSize) {
        compactLane();
      }
    }
  }

  private void append(TimerEntry e, long deadline, long token) {
    if (laneSize == lane.length) {
      growLane();
    }
    int slot = (laneHead + laneSize) & (lane.length - 1);
    lane[slot] = e;
    laneTokens[slot] = token;
    laneDeadlines[slot] = deadline;
    laneSize++;
    laneLast = deadline;
    e.heapIndex = IN_LANE;
  }

  /** Whether the lane's head slot is the current scheduling of its entry. */
  private boolean headIsLive() {
    TimerEntry e = lane[laneHead];
    return e.heapIndex == IN_LANE
        && e.token == laneTokens[laneHead]
        && e.deadline == laneDeadlines[laneHead];
  }

  private void dropHead() {
    lane[laneHead] = null;
    laneHead = (laneHead + 1) & (lane.length - 1);
    laneSize--;
  }

  /** Drops stale slots at the lane's head; returns whether a live one is left there. */
  private boolean laneHasLiveHead() {
    while (laneSize > 0 && !headIsLive()) {
      dropHead();
      laneStale--;
    }
    return laneSize > 0;
  }

  private void growLane() {
    int n = lane.length * 2;
    TimerEntry[] entries = new TimerEntry[n];
    long[] tokens = new long[n];
    long[] deadlines = new long[n];
    for (int i = 0; i < laneSize; i++) {
      int from = (laneHead + i) & (lane.length - 1);
      entries[i] = lane[from];
      tokens[i] = laneTokens[from];
      deadlines[i] = laneDeadlines[from];
    }
    lane = entries;
    laneTokens = tokens;
    laneDeadlines = deadlines;
    laneHead = 0;
  }

  private void compactLane() {
    int kept = 0;
    int mask = lane.length - 1;
    for (int i = 0; i < laneSize; i++) {
      int from = (laneHead + i) & mask;
      TimerEntry e = lane[from];
      boolean live =
          e.heapIndex == IN_LANE
              && e.token == laneTokens[from]
              && e.deadline == laneDeadlines[from];
      lane[from] = null;
      if (live) {
        int to = (laneHead + kept++) & mask;
        lane[to] = e;
        laneTokens[to] = laneTokens[from];
        laneDeadlines[to] = laneDeadlines[from];
      }
    }
    laneSize = kept;
    laneStale = 0;
  }

  private void run() {
    TimerEntry[] due = new TimerEntry[BATCH];
    long[] tokens = new long[BATCH];
    Fiber[] woken = new Fiber[BATCH];
    while (true) {
      int n = 0;
      lock.lock();
      try {
        while (n == 0) {
          boolean laneLive = laneHasLiveHead();
          if (!laneLive && size == 0) {
            changed.awaitUninterruptibly();
            continue;
          }
          long now = System.nanoTime();
          while (n < BATCH) {
            laneLive = laneHasLiveHead();
            boolean fromLane =
                laneLive && (size == 0 || laneDeadlines[laneHead] - heap[0].deadline <= 0);
            if (fromLane && laneDeadlines[laneHead] - now <= 0) {
              TimerEntry e = lane[laneHead];
              tokens[n] = laneTokens[laneHead];
              due[n++] = e;
              e.heapIndex = -1;
              dropHead();
            } else if (!fromLane && size > 0 && heap[0].deadline - now <= 0) {
              TimerEntry e = heap[0];
              tokens[n] = e.token;
              due[n++] = e;
              removeAt(0);
            } else {
              break;
            }
          }
          if (n == 0) {
            long next = laneLive ? laneDeadlines[laneHead] : heap[0].deadline;
            if (size > 0 && heap[0].deadline - next < 0) {
              next = heap[0].deadline;
            }
            try {
              changed.awaitNanos(next - now);
            } catch (InterruptedException e) {
              // this daemon thread never stops (its untimed wait is uninterruptible too), and
              // nothing in multitask interrupts it: a stray interrupt ends one timed wait early,
              // and the loop looks at the deadlines again; restoring the flag would spin the loop
            }
          }
        }
      } finally {
        lock.unlock();
      }
      expire(due, tokens, woken, n);
    }
  }

  /** Expires a batch: fibers are claimed one by one and made ready per loop, in deadline order. */
  private static void expire(TimerEntry[] due, long[] tokens, Fiber[] woken, int n) {
    int fibers = 0;
    for (int i = 0; i < n; i++) {
      try {
        if (due[i] instanceof Fiber f) {
          if (f.claimWake(tokens[i], Fiber.TIMED_OUT)) {
            woken[fibers++] = f;
          }
        } else {
          due[i].expire(tokens[i]);
        }
      } catch (Throwable t) {
        // an expiry only wakes a coroutine; a failure there is a bug, reported, never fatal here
        Report.error("timer expiry failed", t);
      }
      due[i] = null;
    }
    int from = 0;
    while (from < fibers) {
      Scheduler s = woken[from].loop.scheduler;
      int to = from + 1;
      while (to < fibers && woken[to].loop.scheduler == s) {
        to++;
      }
      s.makeReadyAll(woken, from, to);
      from = to;
    }
    Arrays.fill(woken, 0, fibers, null);
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

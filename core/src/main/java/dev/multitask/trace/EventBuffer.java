package dev.multitask.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where one process keeps the events it records: a few stripes, each a list behind its own monitor,
 * picked by the recording thread's id, so that threads seldom meet on one monitor and an event
 * costs an allocation, an atomic increment and an uncontended lock. Bounded: past {@code limit}
 * events in all (this process's and its children's), further events are counted as dropped instead
 * of kept.
 *
 * <p>Thread-safe. A virtual thread may record too (a monitor no longer pins it since JDK 24).
 */
final class EventBuffer {
  private static final int STRIPES = 16;

  private final Stripe[] stripes = new Stripe[STRIPES];
  private final int limit;
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();

  private static final class Stripe {
    private ArrayList<TraceEvent> events = new ArrayList<>();
  }

  /**
   * A buffer of at most {@code limit} events.
   *
   * @param limit the most events kept, &gt; 0
   */
  EventBuffer(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be > 0: limit=" + limit);
    }
    this.limit = limit;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  void add(TraceEvent e) {
    add(e, (int) (Thread.currentThread().threadId() & (STRIPES - 1)));
  }

  private void add(TraceEvent e, int stripe) {
    if (size.getAndIncrement() >= limit) {
      size.getAndDecrement();
      dropped.incrementAndGet();
      return;
    }
    Stripe s = stripes[stripe];
    synchronized (s) {
      s.events.add(e);
    }
  }

  /** Adds events another process recorded, spread over the stripes. */
  void addAll(List<TraceEvent> events) {
    int i = (int) (Thread.currentThread().threadId() & (STRIPES - 1));
    for (TraceEvent e : events) {
      add(e, i++ & (STRIPES - 1));
    }
  }

  /** What was recorded so far, in no particular order; the buffer keeps it. */
  List<TraceEvent> snapshot() {
    List<TraceEvent> all = new ArrayList<>();
    for (Stripe s : stripes) {
      synchronized (s) {
        all.addAll(s.events);
      }
    }
    return all;
  }

  /** What was recorded so far; the buffer is left empty. */
  List<TraceEvent> drain() {
    List<TraceEvent> all = new ArrayList<>();
    for (Stripe s : stripes) {
      ArrayList<TraceEvent> taken;
      synchronized (s) {
        taken = s.events;
        s.events = new ArrayList<>();
      }
      size.addAndGet(-taken.size());
      all.addAll(taken);
    }
    return all;
  }

  /** How many events did not fit since the last {@link #clear()} or {@link #takeDropped()}. */
  long dropped() {
    return dropped.get();
  }

  /** Counts events another process had to drop. */
  void addDropped(long n) {
    dropped.addAndGet(n);
  }

  /** Takes the dropped count, leaving 0 (a child sends it with its events). */
  long takeDropped() {
    return dropped.getAndSet(0);
  }

  /** Forgets every event and the dropped count. */
  void clear() {
    drain();
    dropped.set(0);
  }
}

package dev.multitask.coro;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How an event loop's fibers take turns: {@link SerialScheduler} (one at a time, FIFO) or {@link
 * ParallelScheduler} (all at once, on every carrier). Both keep the loop's live fibers in an
 * intrusive list, so that a spawned coroutine is held strongly until it ends and can be listed.
 *
 * <p>Lock order: a primitive's lock, then this lock; never the other way round (nothing is called
 * out of this lock).
 */
abstract class Scheduler {
  /** Runner threads: virtual, unnamed, inheriting no thread-locals (they run many coroutines). */
  private static final ThreadFactory RUNNERS =
      Thread.ofVirtual().inheritInheritableThreadLocals(false).factory();

  final ReentrantLock lock = new ReentrantLock();
  private Fiber liveHead;
  private int live;
  private Thread idleWaiter;
  private boolean closed;

  /**
   * Registers a new fiber and makes it ready (it runs when its turn comes).
   *
   * @return how many fibers are live now, {@code f} included
   */
  abstract int spawn(Fiber f);

  /** Makes a woken fiber ready; called by the waker that won the fiber's wait. */
  abstract void makeReady(Fiber f);

  /** Makes {@code fibers[from..to)} ready, in that order; woken by the timer thread. */
  void makeReadyAll(Fiber[] fibers, int from, int to) {
    for (int i = from; i < to; i++) {
      makeReady(fibers[i]);
    }
  }

  /** Called by the running fiber: gives the loop away until {@link #makeReady} gives it back. */
  abstract void suspend(Fiber f);

  /** Called by the running fiber: lets every ready fiber run once before it goes on. */
  abstract void yieldNow(Fiber f);

  /**
   * Called on the thread of a fiber that has ended: unlinks it and passes the loop on.
   *
   * @param inline whether the caller can run a new fiber on its thread
   * @return a fiber that never ran, now holding the loop, for the caller to run; or null
   */
  abstract Fiber finish(Fiber f, boolean inline);

  /**
   * Called on a fiber's runner thread before its body runs: returns once the fiber may run (a
   * serial loop may start a runner ahead of its fiber's turn).
   */
  void awaitFirstTurn(Fiber f) {}

  /** The fiber holding the loop, or null (always null in parallel mode). */
  abstract Fiber running();

  /**
   * Links {@code f} into the live list; the caller holds {@link #lock}.
   *
   * @return how many fibers are live now
   */
  final int link(Fiber f) {
    if (closed) {
      throw new IllegalStateException(
          "event loop '"
              + f.loop.name()
              + "' is closed: make a new one (Coroutines.run makes one per call)");
    }
    f.nextLive = liveHead;
    if (liveHead != null) {
      liveHead.prevLive = f;
    }
    liveHead = f;
    return ++live;
  }

  /** Unlinks {@code f}; the caller holds {@link #lock}. */
  final void unlink(Fiber f) {
    if (f.prevLive != null) {
      f.prevLive.nextLive = f.nextLive;
    } else {
      liveHead = f.nextLive;
    }
    if (f.nextLive != null) {
      f.nextLive.prevLive = f.prevLive;
    }
    f.prevLive = null;
    f.nextLive = null;
    if (--live == 0 && idleWaiter != null) {
      LockSupport.unpark(idleWaiter);
    }
  }

  /** The live fibers, oldest first: a snapshot. */
  final List<Fiber> live() {
    List<Fiber> all = new ArrayList<>();
    lock.lock();
    try {
      for (Fiber f = liveHead; f != null; f = f.nextLive) {
        all.add(f);
      }
    } finally {
      lock.unlock();
    }
    return all.reversed();
  }

  /** How many fibers are live now. */
  final int liveCount() {
    lock.lock();
    try {
      return live;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits, on a thread that is not one of this loop's, until no fiber is live.
   *
   * @return whether none is live; false if {@code deadlineNanos} passed first
   */
  final boolean awaitIdle(long deadlineNanos) {
    while (true) {
      lock.lock();
      try {
        if (live == 0) {
          idleWaiter = null;
          return true;
        }
        idleWaiter = Thread.currentThread();
      } finally {
        lock.unlock();
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      LockSupport.parkNanos(this, Math.min(left, 50_000_000L));
    }
  }

  /** Refuses further spawns. */
  final void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Starts a runner thread whose first fiber is {@code f}. */
  static void startRunner(Fiber f) {
    newRunner(f).start();
  }

  /** Makes, without starting it, a runner thread whose first fiber is {@code f}. */
  static Thread newRunner(Fiber f) {
    Thread t = RUNNERS.newThread(new Runner(f));
    f.thread = t;
    return t;
  }

  /**
   * A runner thread's body: runs its first fiber to the end, then, while the loop hands it a fiber
   * that never ran, that one too, on the same thread. A coroutine that spawns many short ones thus
   * costs one thread start, not one each. (An object rather than a lambda: one frame less on the
   * stack of every parked coroutine.)
   */
  private static final class Runner implements Runnable {
    private Fiber first;

    Runner(Fiber first) {
      this.first = first;
    }

    @Override
    public void run() {
      Fiber f = first;
      first = null;
      Scheduler scheduler = f.loop.scheduler;
      if (scheduler instanceof ParallelScheduler) {
        EventLoop.bindParallel(f);
      }
      while (f != null) {
        Thread.interrupted(); // an interrupt meant for the previous coroutine is not this one's
        scheduler.awaitFirstTurn(f);
        Error fatal = null;
        try {
          f.runToEnd();
        } catch (Error e) {
          fatal = e;
        }
        f = scheduler.finish(f, fatal == null);
        if (fatal != null) {
          throw fatal; // after the loop is passed on: the uncaught-exception handler reports it
        }
      }
    }
  }
}

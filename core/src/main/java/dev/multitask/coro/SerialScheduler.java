package dev.multitask.coro;

import dev.multitask.trace.Recorder;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The event loop's guarantee: at most one fiber of the loop runs at a time. The loop is a baton,
 * {@code running}; a fiber that reaches an await point hands it to the oldest ready fiber (FIFO)
 * and parks; a waker that finds the loop idle hands it to the fiber it woke. Handing over is {@code
 * running = next} under the lock, then {@code unpark} (or the start of a runner thread for a fiber
 * that never ran), so the order in which fibers run is the order in which they became ready, on
 * every run, whichever carrier threads the JDK picks.
 *
 * <p>Memory consistency: everything a fiber did before giving the baton away happens-before
 * everything the next holder does (the lock, then the volatile {@code running}).
 */
final class SerialScheduler extends Scheduler {
  private final ArrayDeque<Fiber> ready = new ArrayDeque<>();
  private volatile Fiber running;

  /** Counts hand-overs, so that a watchdog sees a fiber that keeps the loop. */
  private volatile long handoffs;

  private static final AtomicInteger LANES = new AtomicInteger();

  /** This loop's lane in a trace. */
  private final int lane = LANES.incrementAndGet();

  /** When the running fiber got the loop, while a trace records; else 0. Guarded by lock. */
  private long runningSince;

  @Override
  void spawn(Fiber f) {
    lock.lock();
    try {
      link(f);
      if (running != null) {
        ready.addLast(f);
        return;
      }
      setRunning(f);
    } finally {
      lock.unlock();
    }
    resume(f);
  }

  @Override
  void makeReady(Fiber f) {
    lock.lock();
    try {
      if (running == f) {
        f.selfReady = true; // woken before it gave the loop away: it keeps it
        return;
      }
      if (running != null) {
        ready.addLast(f);
        return;
      }
      setRunning(f);
    } finally {
      lock.unlock();
    }
    resume(f);
  }

  @Override
  void makeReadyAll(Fiber[] fibers, int from, int to) {
    Fiber idleGrant = null;
    lock.lock();
    try {
      for (int i = from; i < to; i++) {
        Fiber f = fibers[i];
        if (running == f) {
          f.selfReady = true;
        } else if (running != null) {
          ready.addLast(f);
        } else {
          setRunning(f);
          idleGrant = f;
        }
      }
    } finally {
      lock.unlock();
    }
    if (idleGrant != null) {
      resume(idleGrant);
    }
  }

  @Override
  void suspend(Fiber f) {
    Fiber next;
    lock.lock();
    try {
      if (f.selfReady) {
        // woken before it gave the loop away (its sleep ran out while the machine was slow, its
        // future completed): it still gives the others their turn, as asyncio's await does, so
        // that a coroutine looping on short waits cannot starve them
        f.selfReady = false;
        if (ready.isEmpty()) {
          return;
        }
        ready.addLast(f);
      }
      next = ready.pollFirst();
      setRunning(next);
    } finally {
      lock.unlock();
    }
    if (next != null) {
      resume(next);
    }
    awaitTurn(f);
  }

  @Override
  void yieldNow(Fiber f) {
    Fiber next;
    lock.lock();
    try {
      next = ready.pollFirst();
      if (next == null) {
        return; // nobody else is ready: asyncio's sleep(0) returns at once too
      }
      ready.addLast(f);
      setRunning(next);
    } finally {
      lock.unlock();
    }
    resume(next);
    awaitTurn(f);
  }

  @Override
  Fiber finish(Fiber f, boolean inline) {
    Fiber next;
    lock.lock();
    try {
      unlink(f);
      next = ready.pollFirst();
      setRunning(next);
    } finally {
      lock.unlock();
    }
    if (next == null) {
      return null;
    }
    if (inline && next.isNew()) {
      next.thread = Thread.currentThread();
      return next;
    }
    resume(next);
    return null;
  }

  @Override
  Fiber running() {
    return running;
  }

  /** The number of hand-overs so far. */
  long handoffs() {
    return handoffs;
  }

  private void setRunning(Fiber f) {
    if (Recorder.isOn()) {
      traceSwitch(f);
    }
    running = f;
    handoffs++; // under the lock: a plain increment of a volatile is safe here
  }

  /** Records the turn of the fiber giving the loop to {@code next} (null: the loop idles). */
  private void traceSwitch(Fiber next) {
    Fiber previous = running;
    if (previous == next) {
      return;
    }
    long now = Recorder.now();
    if (previous != null && runningSince != 0) {
      Recorder.coroutine(
          previous.loop.name(), lane, ((Coroutine<?>) previous).name(), runningSince, now);
    }
    runningSince = next == null ? 0 : now;
  }

  private static void resume(Fiber f) {
    Thread t = f.thread;
    if (t == null) {
      startRunner(f);
    } else {
      LockSupport.unpark(t);
    }
  }

  private void awaitTurn(Fiber f) {
    while (running != f) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        f.interruptedWhileParked();
      }
    }
  }
}

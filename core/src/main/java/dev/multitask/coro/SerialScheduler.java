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
 * <p>Waking ahead: a fiber that gets the baton wakes the next two in line that are parked at an
 * await point (their runners mount on another carrier and spin, at most {@link #SPIN_NANOS}, for
 * their turn). They still run only when {@code running} names them, so the order is unchanged; what
 * goes is an unpark, a carrier's wake-up and a remount per hand-over, which with several carriers
 * made each turn hop between OS threads. Off with a single carrier, and paused while turns are
 * long. A coroutine that never ran is started ahead too while turns end in waits (its runner thread
 * made under the lock); while they end with their coroutine, it is not, and runs on the ended one's
 * thread instead.
 *
 * <p>Memory consistency: everything a fiber did before giving the baton away happens-before
 * everything the next holder does (the lock, then the volatile {@code running}).
 */
final class SerialScheduler extends Scheduler {
  private final ArrayDeque<Fiber> ready = new ArrayDeque<>();
  private volatile Fiber running;

  /** Whether its turns go into a trace when one is recording (a hidden loop's do not). */
  private final boolean traced;

  /** Counts hand-overs, so that a watchdog sees a fiber that keeps the loop. */
  private volatile long handoffs;

  private static final AtomicInteger LANES = new AtomicInteger();

  /** This loop's lane in a trace. */
  private final int lane = LANES.incrementAndGet();

  /** When the running fiber got the loop, while a trace records; else 0. Guarded by lock. */
  private long runningSince;

  /**
   * Whether a fiber may spin for its turn: only if the JDK's virtual-thread scheduler has more than
   * one carrier (with one, the spinner would keep the holder from running).
   */
  private static final boolean SPIN =
      Integer.getInteger(
              "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors())
          > 1;

  /** The longest spin for a turn: some ten short turns. */
  private static final long SPIN_NANOS = 20_000;

  /** How many turns go without a fiber woken ahead after a spin timed out. */
  private static final int PAUSE_TURNS = 64;

  /** Turns left without waking the next fiber ahead; a heuristic, so races on it are harmless. */
  private volatile int prefetchPause;

  /**
   * Whether the last turn ended at an await point rather than at its fiber's end: then a fiber that
   * never ran gets its runner thread ahead of its turn too, since it cannot run on the thread of
   * the one before it (which keeps that thread while it waits). A heuristic, like {@link
   * #prefetchPause}.
   */
  private volatile boolean turnsEndInWaits;

  /**
   * A scheduler for a new loop.
   *
   * @param traced whether its turns go into a trace while one records
   */
  SerialScheduler(boolean traced) {
    this.traced = traced;
  }

  @Override
  int spawn(Fiber f) {
    int live;
    lock.lock();
    try {
      live = link(f);
      if (running != null) {
        ready.addLast(f);
        return live;
      }
      setRunning(f);
    } finally {
      lock.unlock();
    }
    resume(f);
    return live;
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
    if (!turnsEndInWaits) {
      turnsEndInWaits = true;
    }
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
    if (turnsEndInWaits) {
      turnsEndInWaits = false;
    }
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
    if (traced && Recorder.isOn()) {
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

  /** Gives {@code f}, now {@code running}, its turn: starts or unparks its runner. */
  private static void resume(Fiber f) {
    Thread t = f.thread;
    if (t == null) {
      startRunner(f);
    } else if (!f.spinning) { // a spinning fiber sees running == f on its own
      LockSupport.unpark(t);
    }
  }

  @Override
  void awaitFirstTurn(Fiber f) {
    awaitTurn(f);
  }

  private void awaitTurn(Fiber f) {
    while (running != f) {
      if (f.prefetched && spinFor(f)) {
        break;
      }
      LockSupport.park(this);
      if (Thread.interrupted()) {
        f.interruptedWhileParked();
      }
    }
    f.prefetched = false;
    prefetchNext();
  }

  /**
   * Wakes the next two fibers in line ahead of their turn (those parked at an await point), so that
   * the runner of the next is mounted on another carrier while this one runs, and spins until this
   * one hands it the loop: a hand-over then costs a write and a read of {@code running}, not an
   * unpark, a carrier's wake-up and a remount. The second keeps the carriers busy meanwhile, so
   * that waking the next does not go through a parked carrier either. Only with more than one
   * carrier, and only while turns are short: a spin that times out stops it for a while.
   */
  private void prefetchNext() {
    if (!SPIN) {
      return;
    }
    if (prefetchPause > 0) {
      prefetchPause--;
      return;
    }
    Thread first;
    Thread second;
    boolean startNew = turnsEndInWaits;
    lock.lock();
    try {
      Fiber next = ready.pollFirst();
      if (next == null) {
        return;
      }
      Fiber after = ready.peekFirst();
      ready.addFirst(next);
      first = claim(next, startNew);
      second = claim(after, startNew);
    } finally {
      lock.unlock();
    }
    wakeAhead(first);
    wakeAhead(second);
  }

  /**
   * The thread to wake (or start, if it is new) ahead of {@code f}'s turn, or null; under the lock.
   * A fiber that never ran gets a runner only with {@code startNew}: else, started at its turn, it
   * may run on the thread of one that ended (no thread start at all).
   */
  private static Thread claim(Fiber f, boolean startNew) {
    if (f == null || f.prefetched || (f.isNew() && !startNew)) {
      return null;
    }
    f.prefetched = true;
    // a new runner is made here, under the lock, so that a hand-over to f from now on unparks it
    // rather than starting a second one (an unpark before the start is kept as a permit)
    return f.isNew() ? Scheduler.newRunner(f) : f.thread;
  }

  private static void wakeAhead(Thread t) {
    if (t == null) {
      return;
    }
    if (t.getState() == Thread.State.NEW) {
      t.start();
    } else {
      LockSupport.unpark(t);
    }
  }

  /**
   * Spins, at most {@link #SPIN_NANOS}, until {@code f} holds the loop.
   *
   * @return whether it does; if not, the caller parks and is unparked when its turn comes
   */
  private boolean spinFor(Fiber f) {
    f.spinning = true;
    long deadline = System.nanoTime() + SPIN_NANOS;
    int spins = 0;
    while (running != f) {
      Thread.onSpinWait();
      if ((++spins & 63) == 0 && System.nanoTime() - deadline > 0) {
        break;
      }
    }
    f.spinning = false; // then re-read running: the hander reads spinning after writing running
    if (running == f) {
      return true;
    }
    prefetchPause = PAUSE_TURNS; // the turns are long: spinning through them wastes a carrier
    return false;
  }
}

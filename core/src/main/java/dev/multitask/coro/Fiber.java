package dev.multitask.coro;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The engine half of a {@link Coroutine}: how it waits at an await point, how it is woken, and how
 * cancellation reaches it. Package-private; {@link Coroutine} adds the body, the outcome and the
 * public API.
 *
 * <p><b>The wait protocol.</b> Every await point is: {@link #beginWait} (publishes an odd {@code
 * waitSeq}), register the wakers with that sequence number, {@link #park} (releases the loop,
 * blocks, gets the loop back). A waker calls {@link #tryWake(long, int)}: the CAS of {@code
 * waitSeq} from the odd number to the next even one elects exactly one waker per wait, so a
 * completion, a timeout and a cancellation racing each other wake the coroutine once, and a stale
 * waker of an earlier wait (a timer, a primitive's queue entry) can never wake a later one. The
 * winner writes {@code wakeReason} and then makes the fiber ready through the scheduler, whose lock
 * orders that write before the fiber reads it.
 *
 * <p><b>Cancellation</b> is a count of requests ({@code cancelRequests}, asyncio's {@code
 * cancelling()}), not a one-shot flag: an await point throws {@link CancelledException} while the
 * count is above zero, so a coroutine that catches and drops the exception is told again at its
 * next await point. Only the scope that asked for a cancellation takes it back ({@link
 * #takeBackCancel()}: a timeout scope, a task group). A one-shot exception ({@code pendingThrow}:
 * gevent's {@code kill(exception)} and {@code Timeout}) is thrown once, at the next await point.
 * The canceller writes the count and then reads {@code waitSeq}; the fiber writes {@code waitSeq}
 * and then reads the count (both volatile): one of them sees the other, so a cancellation never
 * misses a wait that is starting.
 */
abstract class Fiber extends TimerEntry {
  /** The awaited thing happened (or the sleep ran its time). */
  static final int WOKEN = 1;

  /** The wait's own timeout ran out. */
  static final int TIMED_OUT = 2;

  /** A cancellation or a one-shot exception is pending. */
  static final int INTERRUPTED = 3;

  /** The wait is woken by a cancellation, which the await point then throws. */
  static final int THROW = 0;

  /** The wait is woken by a cancellation, which the caller handles itself (internal waits). */
  static final int WAKE = 1;

  /** A cancellation does not wake the wait (re-acquiring a condition's lock, shields). */
  static final int IGNORE = 2;

  private static final VarHandle WAIT_SEQ;
  private static final VarHandle CANCEL_REQUESTS;
  private static final VarHandle PENDING_THROW;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      WAIT_SEQ = lookup.findVarHandle(Fiber.class, "waitSeq", long.class);
      CANCEL_REQUESTS = lookup.findVarHandle(Fiber.class, "cancelRequests", int.class);
      PENDING_THROW = lookup.findVarHandle(Fiber.class, "pendingThrow", RuntimeException.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The loop the fiber belongs to, for its whole life. */
  final EventLoop loop;

  /** The virtual thread running it; null until it first runs. Runner threads are reused. */
  Thread thread;

  /** Odd while waiting; each wait uses the next odd number, each wake-up the next even one. */
  private volatile long waitSeq;

  /** Why the last wait ended; written by the waker that won the CAS, before it makes us ready. */
  private int wakeReason;

  /** The cancel mode of the current wait; written before {@code waitSeq} turns odd. */
  private int waitMode;

  /** What the current wait waits on, for task listings; only the fiber writes it. */
  volatile Object waitingOn;

  /** Outstanding cancellation requests (asyncio's {@code cancelling()}). */
  private volatile int cancelRequests;

  /** A one-shot exception to throw at the next await point. */
  private volatile RuntimeException pendingThrow;

  /** The first cancellation's message, if it had one. */
  private volatile String cancelMessage;

  /** Nesting depth of non-cancellable sections; only the fiber touches it. */
  private int nonCancellableDepth;

  /** The serial scheduler's "woken while still running": guarded by its lock. */
  boolean selfReady;

  /** The parallel scheduler's "you may run": set by the waker, cleared by the fiber. */
  volatile boolean resumed;

  /**
   * The serial scheduler's "spinning for the loop": set by the fiber while it spins for its turn
   * instead of parking, read by the fiber handing it the loop (which then need not unpark it).
   */
  volatile boolean spinning;

  /** The serial scheduler woke it ahead of its turn (it is next in line). */
  volatile boolean prefetched;

  /** The loop's list of live fibers, guarded by the scheduler's lock. */
  Fiber prevLive;

  /** See {@link #prevLive}. */
  Fiber nextLive;

  Fiber(EventLoop loop) {
    this.loop = loop;
  }

  /** Runs the body and the end bookkeeping on the current thread; never throws but an Error. */
  abstract void runToEnd();

  /** Whether the fiber has never run (its thread is not set). */
  final boolean isNew() {
    return thread == null;
  }

  /** A name for error messages. */
  abstract String describe();

  // ---------------------------------------------------------------- the current fiber

  /**
   * The fiber running the calling code.
   *
   * @param operation the API call, for the error message
   * @throws IllegalStateException if the caller is not a coroutine
   */
  static Fiber current(String operation) {
    Fiber f = EventLoop.currentFiber();
    if (f == null) {
      throw new IllegalStateException(
          operation
              + " must be called from a coroutine, but thread '"
              + Thread.currentThread().getName()
              + "' runs no event loop: call it inside Coroutines.run(...) or a coroutine spawned"
              + " there (an await point outside a loop has nothing to give way to)");
    }
    return f;
  }

  // ---------------------------------------------------------------- the wait protocol

  /**
   * Starts a wait: checks for a pending cancellation (mode {@link #THROW}), publishes a new odd
   * sequence number and re-checks, so that a cancellation racing the start wakes this wait.
   *
   * @param on what is awaited, for task listings
   * @param mode {@link #THROW}, {@link #WAKE} or {@link #IGNORE}
   * @return the wait's sequence number, to register with the wakers
   */
  final long beginWait(Object on, int mode) {
    if (nonCancellableDepth > 0) {
      mode = IGNORE;
    } else if (mode == THROW) {
      throwIfCancelled();
    }
    long seq = waitSeq + 1;
    waitingOn = on;
    waitMode = mode;
    WAIT_SEQ.setVolatile(this, seq);
    if (mode != IGNORE && interruptPending()) {
      tryWake(seq, INTERRUPTED);
    }
    return seq;
  }

  /**
   * Ends the wait {@code seq} if it is still on: the one waker that wins wakes the fiber.
   *
   * @return whether this call woke it
   */
  final boolean tryWake(long seq, int reason) {
    if (!claimWake(seq, reason)) {
      return false;
    }
    loop.scheduler.makeReady(this);
    return true;
  }

  /**
   * The first half of {@link #tryWake}: ends the wait {@code seq} if it is still on, without making
   * the fiber ready; the caller must then do so (the timer thread does it for a batch at once).
   *
   * @return whether this call ended the wait
   */
  final boolean claimWake(long seq, int reason) {
    if (!WAIT_SEQ.compareAndSet(this, seq, seq + 1)) {
      return false;
    }
    wakeReason = reason;
    return true;
  }

  /**
   * Gives the loop away until the wait {@code seq} is woken, then takes it back.
   *
   * @param timeoutNanos how long at most: 0 ends the wait at once unless it is already woken,
   *     negative waits without limit
   * @return the wake reason: {@link #WOKEN}, {@link #TIMED_OUT} or {@link #INTERRUPTED}
   */
  final int park(long seq, long timeoutNanos) {
    boolean timed = false;
    if (timeoutNanos == 0 && claimWake(seq, TIMED_OUT)) {
      waitingOn = null;
      return TIMED_OUT; // a poll: it does not give the loop away
    } else if (timeoutNanos > 0 && (waitSeq == seq)) {
      Timers.schedule(this, timeoutNanos, seq);
      timed = true;
    }
    loop.scheduler.suspend(this);
    int reason = wakeReason;
    if (timed && reason != TIMED_OUT) {
      Timers.cancel(this);
    }
    waitingOn = null;
    return reason;
  }

  /** The timer of a timed wait ran out: wake that wait, if it still is the current one. */
  @Override
  final void expire(long token) {
    tryWake(token, TIMED_OUT);
  }

  /** Whether the fiber waits at an await point now (a snapshot). */
  final boolean isWaiting() {
    return (waitSeq & 1) != 0;
  }

  // ---------------------------------------------------------------- cancellation

  /** Whether an await point would throw now (ignoring non-cancellable sections). */
  final boolean interruptPending() {
    return cancelRequests > 0 || pendingThrow != null;
  }

  /**
   * Throws what an await point throws for a pending cancellation or one-shot exception; returns
   * normally if none is pending or the caller is in a non-cancellable section.
   */
  final void throwIfCancelled() {
    if (nonCancellableDepth > 0) {
      return;
    }
    RuntimeException t = pendingThrow;
    if (t != null && PENDING_THROW.compareAndSet(this, t, null)) {
      throw t;
    }
    if (cancelRequests > 0) {
      throw cancelledException();
    }
  }

  /** A fresh exception for this fiber's cancellation, its stack being the await point's. */
  final CancelledException cancelledException() {
    String message = cancelMessage;
    return new CancelledException(
        describe() + " was cancelled" + (message == null ? "" : ": " + message));
  }

  /**
   * Adds a cancellation request and wakes a cancellable wait.
   *
   * @return the number of requests now
   */
  final int requestCancel(String message) {
    if (message != null && cancelMessage == null) {
      cancelMessage = message;
    }
    int n = (int) CANCEL_REQUESTS.getAndAdd(this, 1) + 1;
    wakeForInterrupt();
    return n;
  }

  /**
   * Takes one cancellation request back, as asyncio's {@code uncancel()}.
   *
   * @return the number of requests left
   */
  final int takeBackCancel() {
    while (true) {
      int n = cancelRequests;
      if (n == 0) {
        return 0;
      }
      if (CANCEL_REQUESTS.compareAndSet(this, n, n - 1)) {
        if (n == 1) {
          cancelMessage = null;
        }
        return n - 1;
      }
    }
  }

  /** The outstanding cancellation requests. */
  final int cancelRequests() {
    return cancelRequests;
  }

  /** Sets a one-shot exception for the next await point and wakes a cancellable wait. */
  final void deliver(RuntimeException exception) {
    pendingThrow = exception;
    wakeForInterrupt();
  }

  /**
   * Takes back a one-shot exception that has not been thrown yet.
   *
   * @return whether it was still pending
   */
  final boolean withdraw(RuntimeException exception) {
    return PENDING_THROW.compareAndSet(this, exception, null);
  }

  private void wakeForInterrupt() {
    long s = waitSeq;
    if ((s & 1) != 0 && waitMode != IGNORE) {
      tryWake(s, INTERRUPTED);
    }
  }

  /** Enters a section whose await points neither throw nor wake for cancellation. */
  final void enterNonCancellable() {
    nonCancellableDepth++;
  }

  /** Leaves a section entered by {@link #enterNonCancellable()}. */
  final void exitNonCancellable() {
    nonCancellableDepth--;
  }

  /**
   * The runner thread saw an interrupt: Java's way of asking a thread to stop becomes a
   * cancellation request, so that nothing spins on a set interrupt flag and nothing is lost.
   */
  final void interruptedWhileParked() {
    requestCancel("its thread was interrupted");
  }
}

package dev.multitask.coro;

import dev.multitask.Task;
import dev.multitask.spi.Timeouts;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A coroutine of an {@link EventLoop}: asyncio's {@code Task} and gevent's {@code Greenlet} in one
 * type. {@link Coroutines#spawn} makes one; it runs when the loop gets to it and ends once, with a
 * value ({@link #successful()}), an exception ({@link #exception()}) or cancelled ({@link
 * #cancelled()}).
 *
 * <table class="striped">
 *   <caption>Waiting for a coroutine</caption>
 *   <tr><th>call</th><th>waits</th><th>on failure</th><th>Python</th></tr>
 *   <tr><td>{@link #get()}, {@link #get(Duration)}</td><td>yes</td>
 *       <td>{@link CoroutineFailedException}, {@link CancelledException}</td>
 *       <td>{@code await task}, gevent {@code g.get()}</td></tr>
 *   <tr><td>{@link #join()}, {@link #join(Duration)}</td><td>yes</td><td>nothing</td>
 *       <td>gevent {@code g.join()}</td></tr>
 *   <tr><td>{@link #result()}</td><td>no: must be done</td><td>as get</td>
 *       <td>{@code task.result()}</td></tr>
 *   <tr><td>{@link #value()}, {@link #exception()}</td><td>no</td><td>null</td>
 *       <td>gevent {@code g.value}, {@code g.exception}</td></tr>
 *   <tr><td>{@link #future()}</td><td>outside the loop</td><td>the future fails</td>
 *       <td>none</td></tr>
 * </table>
 *
 * <p>Waiting calls are await points: they must be called from a coroutine (an {@link
 * IllegalStateException} otherwise) and give the loop to other coroutines while they wait. Waiting
 * for a coroutine does not cancel it when the waiter is cancelled (gevent's rule); {@link
 * Coroutines#gather}, {@link Coroutines#waitFor} and {@link TaskGroup} do cancel what they wait
 * for, as asyncio does.
 *
 * <p><b>Cancellation</b> ({@link #cancel()}, gevent's {@link #kill()}) is delivered at the
 * coroutine's next await point as a {@link CancelledException}, and again at each later one until
 * the coroutine ends: catching and dropping it does not make a cancelled coroutine carry on. A
 * coroutine cancelled before it first runs ends without running.
 *
 * <p>A spawned coroutine is held strongly by its loop until it ends: a fire-and-forget coroutine is
 * never lost to the garbage collector (asyncio's are). A failure nobody asked about is logged when
 * the loop closes. Every method may be called from any thread; the non-waiting ones never block.
 *
 * <p>Memory consistency: everything a coroutine did happens-before a call that observes it ended
 * ({@link #done()} returning true, or a wait for it returning).
 *
 * @param <R> the type of the body's result
 */
public final class Coroutine<R> extends Fiber {
  /** Where a coroutine is in its life; {@link #state()} gives a snapshot. */
  public enum State {
    /** Spawned, not yet run. */
    PENDING,
    /** Woken (or yielding), waiting for its turn on the loop. */
    READY,
    /** Holding the loop (in parallel mode: started and not waiting). */
    RUNNING,
    /** At an await point; {@link Coroutine#waitingOn()} says on what. */
    WAITING,
    /** Ended with a value. */
    DONE,
    /** Ended with an exception. */
    FAILED,
    /** Ended cancelled. */
    CANCELLED
  }

  /**
   * A callback of {@link #link}, {@link #linkValue} and {@link #linkException}: gevent's {@code
   * link(callback)}, called with the coroutine that ended.
   *
   * @param <R> the coroutine's result type
   */
  @FunctionalInterface
  public interface Link<R> {
    /**
     * Runs, in a coroutine of its own on the ended coroutine's loop, once.
     *
     * @param ended the coroutine that ended
     * @throws Exception anything; it is logged and harms nothing else
     */
    void call(Coroutine<R> ended) throws Exception;
  }

  private static final int NEW = 0;
  private static final int STARTED = 1;
  private static final int ENDED_DONE = 2;
  private static final int ENDED_FAILED = 3;
  private static final int ENDED_CANCELLED = 4;

  private Task<? extends R> body;
  private final String name;
  private final int number;
  private volatile int phase = NEW;

  /** The value, or the exception; written before {@code phase} turns ended. */
  private Object outcome;

  /** Null, one {@link EndListener}, or an array of them (nulls where some were removed). */
  private Object listeners;

  private CompletableFuture<R> future;

  /** Whether anyone looked (or will look) at the outcome; an unobserved failure is logged. */
  volatile boolean observed;

  Coroutine(EventLoop loop, String name, int number, Task<? extends R> body) {
    super(loop);
    this.name = name;
    this.number = number;
    this.body = body;
  }

  // ---------------------------------------------------------------- identity and state

  /**
   * The coroutine's name: the one given to spawn, or {@code Task-N} (N counts the loop's
   * coroutines), as asyncio names tasks.
   *
   * @return the name
   */
  public String name() {
    return name != null ? name : "Task-" + number;
  }

  /**
   * The loop the coroutine runs on.
   *
   * @return its loop
   */
  public EventLoop loop() {
    return loop;
  }

  /**
   * Where the coroutine is now: a snapshot.
   *
   * @return its state
   */
  public State state() {
    switch (phase) {
      case ENDED_DONE:
        return State.DONE;
      case ENDED_FAILED:
        return State.FAILED;
      case ENDED_CANCELLED:
        return State.CANCELLED;
      case NEW:
        // a serial loop may start the runner of the next coroutine ahead of its turn
        return !isNew() && (loop.isParallel() || loop.scheduler.running() == this)
            ? State.RUNNING
            : State.PENDING;
      default:
        if (isWaiting()) {
          return State.WAITING;
        }
        Fiber holder = loop.scheduler.running();
        return holder == this || loop.isParallel() ? State.RUNNING : State.READY;
    }
  }

  /**
   * Whether it has ended, in any way: asyncio's {@code done()}.
   *
   * @return whether it ended
   */
  public boolean done() {
    return phase >= ENDED_DONE;
  }

  /**
   * The same as {@link #done()}: gevent's {@code ready()}.
   *
   * @return whether it ended
   */
  public boolean ready() {
    return done();
  }

  /**
   * Whether it ended with a value (gevent's {@code successful()}; a cancelled coroutine is not
   * successful here, where gevent counts a killed greenlet as successful).
   *
   * @return whether it ended with a value
   */
  public boolean successful() {
    return phase == ENDED_DONE;
  }

  /**
   * Whether it ended cancelled: asyncio's {@code cancelled()}.
   *
   * @return whether it ended cancelled
   */
  public boolean cancelled() {
    return phase == ENDED_CANCELLED;
  }

  // ---------------------------------------------------------------- outcome, without waiting

  /**
   * The value, as asyncio's {@code result()}: does not wait.
   *
   * @return the body's value
   * @throws IllegalStateException if the coroutine has not ended (asyncio's {@code
   *     InvalidStateError})
   * @throws CoroutineFailedException if it failed; the cause is its exception
   * @throws CancelledException if it was cancelled
   */
  public R result() {
    if (!done()) {
      throw new IllegalStateException(
          describe() + " has not ended (state " + state() + "): wait for it with get() or join()");
    }
    return outcome();
  }

  /**
   * The value if it ended with one, else null: gevent's {@code value}. Does not wait.
   *
   * @return the value or null
   */
  @SuppressWarnings("unchecked")
  public R value() {
    observed = true;
    return phase == ENDED_DONE ? (R) outcome : null;
  }

  /**
   * The exception it failed with, else null (also while it runs, and when it was cancelled):
   * gevent's {@code exception}. Does not wait.
   *
   * @return the exception or null
   */
  public Throwable exception() {
    observed = true;
    return phase == ENDED_FAILED ? (Throwable) outcome : null;
  }

  /**
   * A future completed when the coroutine ends: with its value, its exception, or cancelled. For
   * code outside the loop (a plain thread may block on it). Cancelling the future does not cancel
   * the coroutine; {@link #cancel()} does.
   *
   * @return the future, the same one on every call
   */
  public CompletableFuture<R> future() {
    observed = true;
    boolean ended;
    CompletableFuture<R> f;
    synchronized (this) {
      if (future == null) {
        future = new CompletableFuture<>();
      }
      f = future;
      ended = done();
    }
    if (ended) {
      completeFuture(f);
    }
    return f;
  }

  // ---------------------------------------------------------------- waiting (await points)

  /**
   * Waits for the end and returns the value: asyncio's {@code await task}, gevent's {@code get()}.
   *
   * @return the value
   * @throws CoroutineFailedException if the coroutine failed; the cause is its exception
   * @throws CancelledException if it was cancelled, or the caller was
   * @throws IllegalStateException outside a coroutine, or if a coroutine waits for itself
   */
  public R get() {
    awaitEnd(-1, "Coroutine.get");
    return outcome();
  }

  /**
   * As {@link #get()}, waiting at most {@code timeout}.
   *
   * @param timeout how long at most
   * @return the value
   * @throws CoroutineTimeoutException if it has not ended in time (it is not cancelled)
   * @throws CoroutineFailedException if the coroutine failed
   * @throws CancelledException if it was cancelled, or the caller was
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public R get(Duration timeout) {
    if (!awaitEnd(Timeouts.nanos(timeout), "Coroutine.get")) {
      throw new CoroutineTimeoutException(describe() + " did not end within " + timeout);
    }
    return outcome();
  }

  /**
   * Waits for the end, whatever it is: gevent's {@code join()}.
   *
   * @throws CancelledException if the caller is cancelled while waiting
   * @throws IllegalStateException outside a coroutine, or if a coroutine waits for itself
   */
  public void join() {
    awaitEnd(-1, "Coroutine.join");
  }

  /**
   * Waits for the end at most {@code timeout}.
   *
   * @param timeout how long at most
   * @return whether it ended
   * @throws CancelledException if the caller is cancelled while waiting
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean join(Duration timeout) {
    return awaitEnd(Timeouts.nanos(timeout), "Coroutine.join");
  }

  /**
   * Waits (an await point of the calling coroutine) until this one ends or the time is up.
   *
   * @param timeoutNanos negative for no limit
   * @return whether it ended
   */
  boolean awaitEnd(long timeoutNanos, String operation) {
    Fiber me = Fiber.current(operation);
    if (me == this) {
      throw new IllegalStateException(
          describe() + " cannot wait for its own end: it would wait forever");
    }
    me.throwIfCancelled();
    observed = true;
    long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
    while (!done()) {
      long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      long seq = me.beginWait(this, Fiber.THROW);
      EndListener.Wake wake = new EndListener.Wake(me, seq);
      whenEnded(wake);
      int reason = me.park(seq, left);
      removeListener(wake);
      if (reason == TIMED_OUT && !done()) {
        return false;
      }
      if (reason == INTERRUPTED && !done()) {
        me.throwIfCancelled(); // else the cancellation was taken back meanwhile: wait on
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- cancellation

  /**
   * Asks the coroutine to stop: its next await point throws {@link CancelledException} (at once if
   * it is waiting), and so does every later one; asyncio's {@code cancel()}. Does not wait.
   *
   * @return false if it had already ended, else true (each call adds a request; see {@link
   *     #cancelling()})
   */
  public boolean cancel() {
    return cancel(null);
  }

  /**
   * As {@link #cancel()}, with a message for the {@link CancelledException}.
   *
   * @param message why, or null
   * @return false if it had already ended
   */
  public boolean cancel(String message) {
    if (done()) {
      return false;
    }
    requestCancel(message);
    return true;
  }

  /**
   * The pending cancellation requests: asyncio's {@code cancelling()}.
   *
   * @return the count; 0 if none
   */
  public int cancelling() {
    return cancelRequests();
  }

  /**
   * Takes one cancellation request back, as asyncio's {@code uncancel()}: the way for code that
   * really means to swallow a cancellation (a retry loop, a supervisor) to let the coroutine await
   * again. When the count reaches 0, await points stop throwing.
   *
   * @return the requests left
   */
  public int uncancel() {
    return takeBackCancel();
  }

  /**
   * Kills the coroutine and waits for it to end: gevent's {@code kill()}, here a cancellation.
   *
   * @throws CancelledException if the caller is cancelled while waiting
   * @throws IllegalStateException outside a coroutine
   */
  public void kill() {
    kill(null, true, null);
  }

  /**
   * gevent's {@code kill(exception, block, timeout)}: throws {@code exception} at the coroutine's
   * next await point (a {@link CancelledException} if null), and cancels it, so that it stops even
   * if it catches the exception. With {@code block}, waits for its end, at most {@code timeout}
   * (null: no limit).
   *
   * @param exception what to throw in the coroutine, or null
   * @param block whether to wait for the end (an await point: only from a coroutine)
   * @param timeout the longest wait, or null
   * @return whether the coroutine has ended
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean kill(RuntimeException exception, boolean block, Duration timeout) {
    long nanos = timeout == null ? -1 : Timeouts.nanos(timeout);
    if (!done()) {
      if (exception != null) {
        deliver(exception);
      }
      requestCancel(exception == null ? "killed" : "killed with " + exception);
    }
    return !block || awaitEnd(nanos, "Coroutine.kill");
  }

  // ---------------------------------------------------------------- gevent links

  /**
   * Calls {@code callback} once when the coroutine ends, however it ends (gevent's {@code link});
   * at once if it has ended. The callback runs in a coroutine of its own on this coroutine's loop,
   * so it may await; one that throws is logged and harms no other callback.
   *
   * @param callback the callback
   */
  public void link(Link<R> callback) {
    whenEnded(new LinkCallback<>(callback, LinkCallback.ALWAYS));
  }

  /**
   * Calls {@code callback} once if the coroutine ends with a value (gevent's {@code link_value}).
   *
   * @param callback the callback
   */
  public void linkValue(Link<R> callback) {
    whenEnded(new LinkCallback<>(callback, LinkCallback.ON_VALUE));
  }

  /**
   * Calls {@code callback} once if the coroutine ends with an exception (gevent's {@code
   * link_exception}); not if it is cancelled (killed).
   *
   * @param callback the callback
   */
  public void linkException(Link<R> callback) {
    whenEnded(new LinkCallback<>(callback, LinkCallback.ON_EXCEPTION));
  }

  /**
   * Removes every link of {@code callback} that has not run: gevent's {@code unlink}.
   *
   * @param callback the callback given to a link method
   */
  public void unlink(Link<R> callback) {
    synchronized (this) {
      if (listeners instanceof LinkCallback<?> link && link.callback == callback) {
        listeners = null;
      } else if (listeners instanceof EndListener[] all) {
        for (int i = 0; i < all.length; i++) {
          if (all[i] instanceof LinkCallback<?> link && link.callback == callback) {
            all[i] = null;
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- introspection

  /**
   * What the coroutine waits on now (asyncio's {@code print_stack} shows it as the innermost
   * await): a sleep, a primitive, another coroutine, a future; or its state when it is not waiting.
   *
   * @return a description
   */
  public String waitingOn() {
    Object on = waitingOn;
    if (on == null || !isWaiting()) {
      return switch (state()) {
        case PENDING -> "its first turn";
        case READY -> "its turn on the loop";
        case RUNNING -> "nothing: it is running";
        default -> "nothing: it has ended";
      };
    }
    if (on == Coroutines.SLEEP) {
      long left = deadline - System.nanoTime();
      return heapIndex >= 0
          ? "sleep (" + String.format(java.util.Locale.ROOT, "%.3f", left / 1e9) + " s left)"
          : "sleep";
    }
    return on instanceof Coroutine<?> c ? "the end of " + c.describe() : on.toString();
  }

  /**
   * The coroutine's stack now: where it waits or runs; empty if it has not started or has ended.
   *
   * @return the frames, innermost first
   */
  public StackTraceElement[] stack() {
    Thread t = thread;
    if (t == null || done()) {
      return new StackTraceElement[0];
    }
    StackTraceElement[] frames = t.getStackTrace();
    return done()
        ? new StackTraceElement[0]
        : frames; // the thread may have moved on to another coroutine
  }

  /**
   * Prints the coroutine, what it waits on and its stack: asyncio's {@code print_stack()}.
   *
   * @param out where to print
   */
  public void printStack(PrintStream out) {
    Objects.requireNonNull(out, "out");
    StringBuilder sb = new StringBuilder();
    sb.append("Stack for ").append(this).append(':').append(System.lineSeparator());
    for (StackTraceElement e : stack()) {
      sb.append("\tat ").append(e).append(System.lineSeparator());
    }
    out.print(sb);
    out.flush();
  }

  @Override
  public String toString() {
    State s = state();
    return "Coroutine["
        + name()
        + ", "
        + s
        + (s == State.WAITING ? " on " + waitingOn() : "")
        + "]";
  }

  @Override
  String describe() {
    return "coroutine '" + name() + "'";
  }

  // ---------------------------------------------------------------- the run

  @Override
  void runToEnd() {
    Task<? extends R> b = body;
    body = null; // what the body captured may go as soon as it returns
    phase = STARTED;
    if (interruptPending()) {
      try {
        throwIfCancelled(); // cancelled (or killed) before it ever ran: it does not run
      } catch (RuntimeException e) {
        end(e);
        return;
      }
    }
    R value;
    try {
      value = b.call();
    } catch (Throwable t) {
      end(t);
      if (t instanceof Error error && !(t instanceof StackOverflowError)) {
        throw error;
      }
      return;
    }
    endWith(ENDED_DONE, value);
  }

  private void end(Throwable t) {
    endWith(t instanceof CancellationException ? ENDED_CANCELLED : ENDED_FAILED, t);
  }

  private void endWith(int endPhase, Object result) {
    Object toTell;
    CompletableFuture<R> f;
    synchronized (this) {
      outcome = result;
      phase = endPhase;
      toTell = listeners;
      listeners = null;
      f = future;
    }
    waitingOn = null;
    if (toTell instanceof EndListener l) {
      tell(l);
    } else if (toTell instanceof EndListener[] all) {
      for (EndListener l : all) {
        if (l != null) {
          tell(l);
        }
      }
    }
    if (f != null) {
      completeFuture(f);
    }
    if (endPhase == ENDED_FAILED && !observed) {
      loop.noteFailure(this);
    }
  }

  private void tell(EndListener l) {
    try {
      l.ended(this);
    } catch (RuntimeException e) {
      Report.error("a listener of " + describe() + " failed", e);
    }
  }

  @SuppressWarnings("unchecked")
  private void completeFuture(CompletableFuture<R> f) {
    switch (phase) {
      case ENDED_DONE -> f.complete((R) outcome);
      case ENDED_FAILED -> f.completeExceptionally((Throwable) outcome);
      default -> f.cancel(false);
    }
  }

  /** The outcome of an ended coroutine, as {@link #get()} gives it. */
  @SuppressWarnings("unchecked")
  R outcome() {
    observed = true;
    switch (phase) {
      case ENDED_DONE:
        return (R) outcome;
      case ENDED_FAILED:
        throw new CoroutineFailedException(name(), (Throwable) outcome);
      default:
        CancelledException e =
            new CancelledException(
                describe()
                    + " was cancelled"
                    + (outcome instanceof Throwable t && t.getMessage() != null
                        ? " (" + t.getMessage() + ")"
                        : ""));
        e.initCause((Throwable) outcome);
        throw e;
    }
  }

  /** The raw outcome: the value or the exception; only once ended. */
  Object rawOutcome() {
    observed = true;
    return outcome;
  }

  // ---------------------------------------------------------------- listeners

  /** Runs {@code l} when the coroutine ends, or now if it has. */
  void whenEnded(EndListener l) {
    synchronized (this) {
      if (!done()) {
        observed = true;
        Object now = listeners;
        if (now == null) {
          listeners = l;
        } else if (now instanceof EndListener one) {
          listeners = new EndListener[] {one, l, null, null};
        } else {
          EndListener[] all = (EndListener[]) now;
          int free = all.length;
          while (free > 0 && all[free - 1] == null) {
            free--;
          }
          if (free == all.length) {
            all = java.util.Arrays.copyOf(all, all.length * 2);
            listeners = all;
          }
          all[free] = l;
        }
        return;
      }
    }
    l.ended(this);
  }

  /** Removes {@code l} if it has not run. */
  void removeListener(EndListener l) {
    synchronized (this) {
      if (listeners == l) {
        listeners = null;
      } else if (listeners instanceof EndListener[] all) {
        for (int i = 0; i < all.length; i++) {
          if (all[i] == l) {
            System.arraycopy(all, i + 1, all, i, all.length - i - 1);
            all[all.length - 1] = null;
            return;
          }
        }
      }
    }
  }
}

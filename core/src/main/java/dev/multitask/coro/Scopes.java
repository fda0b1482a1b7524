package dev.multitask.coro;

import dev.multitask.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link Coroutines#waitFor}, {@link Coroutines#timeout} and {@link Coroutines#shield}. */
final class Scopes {
  private Scopes() {}

  static <T> T waitFor(Coroutine<T> c, long timeoutNanos, Duration timeout) {
    Fiber me = Fiber.current("Coroutines.waitFor");
    me.throwIfCancelled();
    if (c.done()) {
      return c.outcome();
    }
    Collector col = new Collector(me, List.of(c), "waitFor", false);
    int reason = col.await(Collector::allEnded, timeoutNanos, Fiber.WAKE);
    if (reason == Fiber.WOKEN) {
      return c.outcome();
    }
    // asyncio waits for the cancelled coroutine to end (and cancels it when the caller is
    // cancelled,
    // python #23219), so that nothing it holds outlives the wait
    c.cancel(
        reason == Fiber.TIMED_OUT
            ? "waitFor timed out after " + timeout
            : "the waitFor waiting for it was cancelled");
    col.awaitAllUninterruptibly();
    if (!c.cancelled()) {
      return c.outcome(); // it ended anyway: its value (or its failure) is not lost
    }
    if (reason == Fiber.INTERRUPTED) {
      me.throwIfCancelled();
    }
    throw new CoroutineTimeoutException(
        c.describe() + " did not end within " + timeout + " and was cancelled",
        (Throwable) c.rawOutcome());
  }

  static <R> R timeout(long nanos, Duration timeout, Task<R> body) throws Exception {
    Fiber me = Fiber.current("Coroutines.timeout");
    me.throwIfCancelled();
    ScopeTimer timer = new ScopeTimer(me, timeout);
    if (nanos == 0) {
      timer.expire(0);
    } else {
      Timers.schedule(timer, nanos, 0);
    }
    R value;
    try {
      value = body.call();
    } catch (CancellationException e) {
      if (timer.exit() && me.cancelRequests() == 0) {
        // the cancellation was this scope's own: it becomes the timeout; any other propagates
        throw new CoroutineTimeoutException(
            "timeout of " + timeout + " expired in " + me.describe(), e);
      }
      throw e;
    } catch (Throwable t) {
      timer.exit();
      throw t;
    }
    timer.exit();
    return value;
  }

  static <T> Coroutine<T> shield(Coroutine<T> inner) {
    Task<T> wait =
        () -> {
          inner.awaitEnd(-1, "Coroutines.shield");
          if (inner.successful()) {
            return inner.outcome();
          }
          if (inner.cancelled()) {
            return inner.outcome(); // throws CancelledException
          }
          Throwable t = (Throwable) inner.rawOutcome();
          if (t instanceof Exception e) {
            throw e; // the same exception, so the shield's exception() is the inner one's
          }
          throw (Error) t;
        };
    return inner.loop.spawnInternal("shield of " + inner.name(), wait);
  }

  /**
   * A timeout scope's deadline: expiring cancels the owner (one request, taken back when the scope
   * exits), unless the scope has exited first.
   */
  private static final class ScopeTimer extends TimerEntry {
    private static final int ACTIVE = 0;
    private static final int EXPIRED = 1;
    private static final int EXITED = 2;

    private final Fiber owner;
    private final Duration timeout;
    private final AtomicInteger state = new AtomicInteger(ACTIVE);

    ScopeTimer(Fiber owner, Duration timeout) {
      this.owner = owner;
      this.timeout = timeout;
    }

    @Override
    void expire(long token) {
      if (state.compareAndSet(ACTIVE, EXPIRED)) {
        owner.requestCancel("timeout of " + timeout + " expired");
      }
    }

    /**
     * Leaves the scope.
     *
     * @return whether it had expired (its cancellation request is then taken back)
     */
    boolean exit() {
      Timers.cancel(this);
      if (state.compareAndSet(ACTIVE, EXITED)) {
        return false;
      }
      owner.takeBackCancel();
      return true;
    }
  }
}

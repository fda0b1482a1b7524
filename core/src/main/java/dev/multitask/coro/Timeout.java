package dev.multitask.coro;

import dev.multitask.spi.Timeouts;
import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * gevent's {@code Timeout}: started in a coroutine, it is thrown in that coroutine, at the await
 * point in progress or the next one, once its time has run out, unless it was {@linkplain #close()
 * closed} first. It is both the scope and the exception, so nested timeouts tell themselves apart
 * by identity:
 *
 * <pre>{@code
 * try (Timeout t = Timeout.start(Duration.ofSeconds(2))) {   // with gevent.Timeout(2):
 *   fetchAll();
 * } catch (Timeout e) {
 *   if (e != t) throw e;                                      // an outer timeout: not ours
 *   System.out.println("gave up after " + t.duration());
 * }
 * }</pre>
 *
 * <p>It is thrown once (it is not a cancellation: a coroutine that catches it carries on). It waits
 * while the coroutine is in a {@linkplain Coroutines#nonCancellable non-cancellable} section.
 * asyncio's scoped form, which turns the expiry into an exception at the scope's end, is {@link
 * Coroutines#timeout}.
 */
public final class Timeout extends CoroutineTimeoutException implements AutoCloseable {
  @Serial private static final long serialVersionUID = 1L;

  private static final int ARMED = 0;
  private static final int FIRED = 1;
  private static final int CLOSED = 2;

  private final transient Fiber owner;
  private final transient Clock clock;

  /** How long the timeout was started with. */
  private final Duration duration;

  private Timeout(Fiber owner, Duration duration) {
    super("timeout of " + duration + " expired in " + owner.describe());
    this.owner = owner;
    this.duration = duration;
    this.clock = new Clock(this);
  }

  /**
   * Starts a timeout for the calling coroutine: {@code gevent.Timeout.start_new(seconds)}.
   *
   * @param duration how long until it is thrown; zero throws it at the next await point
   * @return the started timeout; close it when the guarded code is done
   * @throws IllegalArgumentException if {@code duration} is negative
   * @throws IllegalStateException if the caller is not a coroutine
   */
  public static Timeout start(Duration duration) {
    long nanos = Timeouts.nanos(duration);
    Timeout t = new Timeout(Fiber.current("Timeout.start"), duration);
    if (nanos == 0) {
      t.clock.expire(0);
    } else {
      Timers.schedule(t.clock, nanos, 0);
    }
    return t;
  }

  /**
   * How long the timeout was started with.
   *
   * @return the duration
   */
  public Duration duration() {
    return duration;
  }

  /**
   * Whether it is running: started, not expired, not closed (gevent's {@code pending}).
   *
   * @return the flag
   */
  public boolean pending() {
    return clock.state.get() == ARMED;
  }

  /**
   * Stops the timeout: it will not be thrown (also if it expired and is waiting for an await
   * point). Idempotent: gevent's {@code cancel()} / {@code close()}.
   */
  @Override
  public void close() {
    if (clock.state.getAndSet(CLOSED) != CLOSED) {
      Timers.cancel(clock);
      owner.withdraw(this);
    }
  }

  /** The same as {@link #close()}: gevent's {@code cancel()}. */
  public void cancel() {
    close();
  }

  /** The timer entry: a Timeout cannot be one itself, being an exception. */
  private static final class Clock extends TimerEntry {
    private final Timeout timeout;
    private final AtomicInteger state = new AtomicInteger(ARMED);

    Clock(Timeout timeout) {
      this.timeout = timeout;
    }

    @Override
    void expire(long token) {
      if (state.compareAndSet(ARMED, FIRED)) {
        timeout.owner.deliver(timeout);
      }
    }
  }
}

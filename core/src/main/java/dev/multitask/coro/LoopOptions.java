package dev.multitask.coro;

import dev.multitask.spi.Timeouts;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link EventLoop} runs its coroutines. Immutable; each setter returns new options.
 *
 * <pre>{@code
 * Coroutines.run(LoopOptions.defaults().parallel(true), () -> ...);  // on all carriers
 * var debug = LoopOptions.defaults().debug(Duration.ofMillis(50));    // report slow coroutines
 * Coroutines.run(debug, () -> ...);
 * }</pre>
 *
 * <ul>
 *   <li>{@link #parallel(boolean)}: off by default, so the loop runs one coroutine at a time and
 *       switches only at await points (asyncio's guarantee). On, every coroutine runs as soon as it
 *       is ready, on all of the JDK's carrier threads: more throughput for CPU work, but state
 *       shared between coroutines then needs locks, as between threads.
 *   <li>{@link #debug(Duration)}: off by default. On, a watchdog reports (as a warning of the
 *       {@code System.Logger} "dev.multitask.coro", naming the coroutine and its stack) every
 *       coroutine that holds the loop longer than the threshold without reaching an await point:
 *       asyncio's slow-callback warning. The system property {@code multitask.coro.debug=true}
 *       turns it on for every loop whose options are the defaults, with the threshold of {@code
 *       multitask.coro.slowMillis} (default 100).
 *   <li>{@link #shutdownGrace(Duration)}: how long {@link EventLoop#close()} waits for cancelled
 *       coroutines to end (default 10 s); one that does not end by then (it never reaches an await
 *       point) is reported and left behind instead of hanging the caller.
 * </ul>
 */
public final class LoopOptions {
  private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
  private static final LoopOptions PLAIN = new LoopOptions(false, null, DEFAULT_GRACE, null);

  private final boolean parallel;
  private final Duration slowThreshold;
  private final Duration shutdownGrace;
  private final String name;

  private LoopOptions(
      boolean parallel, Duration slowThreshold, Duration shutdownGrace, String name) {
    this.parallel = parallel;
    this.slowThreshold = slowThreshold;
    this.shutdownGrace = shutdownGrace;
    this.name = name;
  }

  /**
   * The defaults: one coroutine at a time, debug mode as the system properties say (off unless
   * {@code multitask.coro.debug=true}), a 10 s shutdown grace, a generated name.
   *
   * @return the defaults
   */
  public static LoopOptions defaults() {
    if (!Boolean.getBoolean("multitask.coro.debug")) {
      return PLAIN;
    }
    long millis = Long.getLong("multitask.coro.slowMillis", 100);
    return PLAIN.debug(Duration.ofMillis(Math.max(1, millis)));
  }

  /**
   * Runs the coroutines one at a time (false, the default) or all at once (true).
   *
   * @param on whether to run in parallel mode
   * @return new options
   */
  public LoopOptions parallel(boolean on) {
    return new LoopOptions(on, slowThreshold, shutdownGrace, name);
  }

  /**
   * Turns debug mode on: a coroutine holding the loop longer than {@code slowThreshold} without an
   * await point is reported with its stack. Has no effect in parallel mode, where nothing holds the
   * loop.
   *
   * @param slowThreshold how long a coroutine may run between await points, more than zero
   * @return new options
   * @throws IllegalArgumentException if {@code slowThreshold} is zero or negative
   */
  public LoopOptions debug(Duration slowThreshold) {
    if (Timeouts.nanos(slowThreshold) == 0) {
      throw new IllegalArgumentException(
          "slowThreshold must be > 0: slowThreshold=" + slowThreshold);
    }
    return new LoopOptions(parallel, slowThreshold, shutdownGrace, name);
  }

  /**
   * Turns debug mode off.
   *
   * @return new options
   */
  public LoopOptions noDebug() {
    return new LoopOptions(parallel, null, shutdownGrace, name);
  }

  /**
   * How long {@link EventLoop#close()} waits for the coroutines it cancelled.
   *
   * @param grace zero or more
   * @return new options
   * @throws IllegalArgumentException if {@code grace} is negative
   */
  public LoopOptions shutdownGrace(Duration grace) {
    Timeouts.nanos(grace);
    return new LoopOptions(parallel, slowThreshold, grace, name);
  }

  /**
   * Names the loop (in reports and errors); default {@code loop-N}.
   *
   * @param loopName a name, not blank
   * @return new options
   * @throws IllegalArgumentException if the name is blank
   */
  public LoopOptions name(String loopName) {
    Objects.requireNonNull(loopName, "loopName");
    if (loopName.isBlank()) {
      throw new IllegalArgumentException("loop name must not be blank: name='" + loopName + "'");
    }
    return new LoopOptions(parallel, slowThreshold, shutdownGrace, loopName);
  }

  /**
   * Whether the loop runs in parallel mode.
   *
   * @return the flag
   */
  public boolean parallel() {
    return parallel;
  }

  /**
   * The debug threshold, or null when debug mode is off.
   *
   * @return the threshold or null
   */
  public Duration slowThreshold() {
    return slowThreshold;
  }

  /**
   * The shutdown grace.
   *
   * @return the grace
   */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /**
   * The loop's name, or null for a generated one.
   *
   * @return the name or null
   */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "LoopOptions[parallel="
        + parallel
        + ", debug="
        + (slowThreshold == null ? "off" : slowThreshold)
        + ", shutdownGrace="
        + shutdownGrace
        + (name == null ? "" : ", name=" + name)
        + "]";
  }
}

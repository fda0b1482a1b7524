package dev.multitask.engine;

import dev.multitask.sync.Barrier;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Barrier} with a default timeout, as Python's {@code Barrier(parties, action, timeout)}:
 * {@link #await()} waits at most that long, and when the time runs out the barrier is broken and
 * the call throws {@link BrokenBarrierException} (whose cause is the {@link TimeoutException}), as
 * Python's {@code wait()} raises {@code BrokenBarrierError}. Every backend's barrier gets it by
 * wrapping; it travels to a child JVM as its barrier does.
 */
public final class TimedBarrier implements Barrier, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // a backend's barrier: a process barrier travels as a handle
  private final Barrier barrier;

  private final Duration timeout;

  /**
   * Wraps {@code barrier}.
   *
   * @param barrier the barrier
   * @param timeout the default timeout, positive
   */
  public TimedBarrier(Barrier barrier, Duration timeout) {
    this.barrier = barrier;
    this.timeout = timeout;
  }

  @Override
  public int await() throws InterruptedException, BrokenBarrierException {
    try {
      return barrier.await(timeout);
    } catch (TimeoutException e) {
      BrokenBarrierException broken =
          new BrokenBarrierException(
              "no round within the barrier's"
                  + " default timeout of "
                  + timeout
                  + ": the barrier is now broken (reset() it to use it"
                  + " again)");
      broken.initCause(e);
      throw broken;
    }
  }

  @Override
  public int await(Duration timeout)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    return barrier.await(timeout);
  }

  @Override
  public void abort() {
    barrier.abort();
  }

  @Override
  public void reset() {
    barrier.reset();
  }

  @Override
  public boolean isBroken() {
    return barrier.isBroken();
  }

  @Override
  public int parties() {
    return barrier.parties();
  }

  @Override
  public int numberWaiting() {
    return barrier.numberWaiting();
  }

  /**
   * The timeout of {@link #await()}.
   *
   * @return the default timeout
   */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return barrier + " (default timeout " + timeout + ")";
  }
}

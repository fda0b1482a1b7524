package dev.multitask.spi;

import java.time.Duration;
import java.util.Objects;

/** The conversion of a caller's timeout, shared by every backend. */
public final class Timeouts {
  private Timeouts() {}

  /**
   * A timeout in nanoseconds, for the timed calls of every backend.
   *
   * @param timeout the caller's timeout
   * @return its nanoseconds; {@link Long#MAX_VALUE} for one too long to count (some 292 years)
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static long nanos(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout: pass a duration (Duration.ZERO to not wait)");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}

package dev.multitask.engine;

import java.time.Duration;
import java.util.Objects;

/** The conversion of a caller's timeout, shared by every backend. */
public final class Timeouts {
  private Timeouts() {}

  /**
   * {@code timeout} in nanoseconds, saturated at {@code Long.MAX_VALUE} (some 292 years: no limit).
   *
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if it is negative
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

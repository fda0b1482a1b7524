package dev.multitask.thread;

import java.time.Duration;
import java.util.Objects;

/** Timeout arguments of the thread backend's primitives. */
final class Timeouts {
  private Timeouts() {}

  /** {@code timeout} in nanoseconds, saturated at {@code Long.MAX_VALUE}; null and negative are refused. */
  static long nanos(Duration timeout) {
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

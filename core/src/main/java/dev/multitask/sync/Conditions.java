package dev.multitask.sync;

import java.time.Duration;

/** Argument checks shared by the primitives' default methods. */
final class Conditions {
  private Conditions() {}

  /** A timeout in nanoseconds, saturated at {@code Long.MAX_VALUE}; negative is refused. */
  static long nanos(Duration timeout) {
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

package dev.multitask.shmsync;

import dev.multitask.shm.Futex;
import java.time.Duration;

/** The conversion of a caller's timeout, shared by the primitives. */
final class Timeouts {
  private Timeouts() {}

  /** {@code timeout} in nanoseconds, {@link Futex#FOREVER} past some 292 years; negative is refused. */
  static long nanos(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Futex.FOREVER;
    }
  }
}

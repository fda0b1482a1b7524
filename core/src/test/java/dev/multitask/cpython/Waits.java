package dev.multitask.cpython;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Waiting helpers of the ports, in place of CPython's {@code _wait()}, {@code
 * wait_threads_blocked()} and {@code support.sleeping_retry}: they wait for a condition rather than
 * for a fixed time, so a loaded machine slows them down instead of failing them.
 */
final class Waits {
  /** What no correct test comes near. */
  static final Duration LONG = Duration.ofSeconds(30);

  private Waits() {}

  /** Polls {@code condition} until it holds; fails naming {@code what} after {@link #LONG}. */
  static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() - deadline < 0, "gave up waiting until " + what);
      Thread.sleep(2);
    }
  }

  /**
   * Waits until every thread is asleep in a wait: parked (thread and coroutine objects) or in a
   * futex wait (process objects).
   */
  static void waitUntilAsleep(List<Thread> threads) throws InterruptedException {
    for (Thread t : threads) {
      waitUntil(t.getName() + " sleeps in a wait", () -> asleep(t));
    }
  }

  private static boolean asleep(Thread t) {
    Thread.State state = t.getState();
    if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
      return true;
    }
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().equals("dev.multitask.process.shm.SyscallFutex")
          && frame.getMethodName().startsWith("block")) {
        return true;
      }
    }
    return false;
  }

  /**
   * CPython's {@code assertTimeout(actual, expected)}: at least 0.6 of {@code expected}, and
   * nothing absurd (a generous bound: the machine may be loaded).
   */
  static void assertTimeout(Duration actual, Duration expected) {
    assertTrue(
        actual.toNanos() >= expected.toNanos() * 6 / 10,
        "gave up after " + actual.toMillis() + " ms of " + expected.toMillis());
    assertTrue(actual.compareTo(expected.plus(LONG)) < 0, "took " + actual.toMillis() + " ms");
  }

  /** How long since {@code startNanos}. */
  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}

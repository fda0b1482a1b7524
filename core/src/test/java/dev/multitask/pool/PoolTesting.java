package dev.multitask.pool;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Task;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Event;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/** Constants, task bodies and helpers shared by the pool contract tests. */
final class PoolTesting {
  static final long WAIT_SECONDS = 60;
  static final Duration LONG_WAIT = Duration.ofSeconds(WAIT_SECONDS);

  private PoolTesting() {}

  // ---- bodies (static: lambdas capture nothing but their arguments) ----

  /** Waits for {@code gate}, then returns {@code value}. */
  static <T> Task<T> awaiting(Event gate, T value) {
    return () -> {
      if (!gate.await(LONG_WAIT)) {
        throw new TimeoutException("the test never opened the gate");
      }
      return value;
    };
  }

  static Task<Long> pid() {
    return () -> ProcessHandle.current().pid();
  }

  /**
   * Arrives, waits until {@code parties} tasks have arrived (so each holds its own worker), returns
   * its pid.
   */
  static Task<Long> meeting(SharedLong arrived, int parties) {
    return () -> {
      arrived.addAndGet(1);
      long end = System.nanoTime() + LONG_WAIT.toNanos();
      while (arrived.get() < parties) {
        if (System.nanoTime() > end) {
          throw new TimeoutException(
              "only " + arrived.get() + " of " + parties + " tasks ran at once");
        }
        Thread.sleep(1);
      }
      return ProcessHandle.current().pid();
    };
  }

  // ---- helpers ----

  static <T> T result(Future<T> future) throws Exception {
    return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The cause of the ExecutionException that {@code future.get()} throws. */
  static Throwable failure(Future<?> future) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
    return e.getCause();
  }

  static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  static void awaitCondition(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + LONG_WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting until " + what);
      Thread.sleep(5);
    }
  }
}

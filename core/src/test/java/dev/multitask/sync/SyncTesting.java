package dev.multitask.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Task;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Constants and helpers of the sync contract tests. */
final class SyncTesting {
  /** What no correct test comes near: a wait that should end ends well before. */
  static final Duration LONG_WAIT = Duration.ofSeconds(30);

  /** A wait that should time out, or a pause that lets a job block. */
  static final long SHORT_MS = 200;

  static final Duration SHORT = Duration.ofMillis(SHORT_MS);

  private SyncTesting() {}

  /** Polls {@code condition} until it holds; fails naming {@code what} after {@link #LONG_WAIT}. */
  static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + LONG_WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() - deadline < 0, "gave up waiting until " + what);
      Thread.sleep(5);
    }
  }

  /**
   * Waits until every thread is asleep in a wait: parked (the thread and coroutine backends) or in
   * a futex wait (the process backend's objects, used from this JVM's threads). Fails naming the
   * first thread still running after {@link #LONG_WAIT}.
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

  /** Starts {@code count} platform threads running {@code body}, named {@code name-i}. */
  static List<Thread> startThreads(int count, String name, Runnable body) {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      threads.add(Thread.ofPlatform().name(name + "-" + i).start(body));
    }
    return threads;
  }

  /** Joins every thread, failing if one is still alive after {@link #LONG_WAIT}. */
  static void joinAll(List<Thread> threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join(LONG_WAIT);
      assertTrue(!t.isAlive(), t.getName() + " is still running");
    }
  }

  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * Asserts that at least about {@code ms} passed since {@code startNanos} (timers may fire a bit
   * early).
   */
  static void assertWaited(long startNanos, long ms) {
    long waited = millisSince(startNanos);
    assertTrue(waited >= ms * 3 / 4, "waited only " + waited + " ms of " + ms);
  }

  /**
   * The simple class name of what {@code body} throws, or "nothing": for checks made inside a job.
   */
  static String thrownBy(Action body) {
    try {
      body.run();
      return "nothing";
    } catch (Exception e) {
      return e.getClass().getSimpleName();
    }
  }

  /**
   * Starts {@code count} jobs running {@code body} that begin it together: each waits at a barrier
   * of {@code count} first, so that they contend from their first operation on, however long each
   * took to start (a child JVM, a worker far away).
   */
  static <R> List<Job<R>> startTogether(Context ctx, int count, Task<R> body) {
    Barrier start = ctx.barrier(count);
    return startAll(
        ctx,
        count,
        () -> {
          start.await(LONG_WAIT);
          return body.call();
        });
  }

  /** Starts {@code count} copies of a job and returns them. */
  static <R> List<Job<R>> startAll(Context ctx, int count, Task<R> body) {
    List<Job<R>> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      jobs.add(ctx.start(body));
    }
    return jobs;
  }

  /** A {@link Lock} of no backend, whose every method but {@code toString} throws. */
  static Lock foreignLock() {
    return (Lock)
        Proxy.newProxyInstance(
            Lock.class.getClassLoader(),
            new Class<?>[] {Lock.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "toString" -> "a lock of no backend";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}

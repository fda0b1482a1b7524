package dev.multitask.pool;

import static dev.multitask.pool.PoolTesting.LONG_WAIT;
import static dev.multitask.pool.PoolTesting.awaitCondition;
import static dev.multitask.pool.PoolTesting.awaiting;
import static dev.multitask.pool.PoolTesting.failure;
import static dev.multitask.pool.PoolTesting.pid;
import static dev.multitask.pool.PoolTesting.range;
import static dev.multitask.pool.PoolTesting.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.StandInException;
import dev.multitask.Task;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What a pool gives back for one task: the result of {@link Pool#submit}, the task's exception as
 * the cause of the {@code ExecutionException} (a {@link StandInException} stand-in across
 * processes), the callbacks of {@link Pool#applyAsync}, a per-task deadline, and {@link Futures}
 * over the futures; run over every backend by {@link PoolContractTest}.
 *
 * <p>Task bodies come from static methods or lambdas that capture only numbers, events and shared
 * values, never the test instance, so that they travel to worker JVMs.
 */
abstract class TaskContract extends PoolContractPart {
  // ---- bodies ----

  /** A serializable exception that does not serialize: its payload is a plain object. */
  @SuppressWarnings("serial")
  static final class Unsendable extends RuntimeException {
    final Object payload = new Object();

    Unsendable(String message) {
      super(message);
    }
  }

  // ---- submit and failures ----

  @Test
  void submit_returnsTaskResult() throws Exception {
    assertEquals("hello", result(pool.submit(() -> "hello")));
    long workerPid = result(pool.submit(pid()));
    if (workersAreProcesses()) {
      assertNotEquals(ProcessHandle.current().pid(), workerPid);
    } else {
      assertEquals(ProcessHandle.current().pid(), workerPid);
    }
  }

  @Test
  void submit_taskThrows_deliversItAsCauseOfExecutionException() {
    Throwable cause =
        failure(
            pool.submit(
                () -> {
                  throw new IllegalStateException("boom");
                }));
    assertInstanceOf(IllegalStateException.class, cause);
    assertEquals("boom", cause.getMessage());
  }

  /** Across processes an exception that does not serialize arrives as a faithful stand-in. */
  @Test
  void submit_unsendableException_arrivesAsItselfOrStandIn() {
    Throwable cause =
        failure(
            pool.submit(
                () -> {
                  throw new Unsendable("cannot travel");
                }));
    if (workersAreProcesses()) {
      StandInException standIn = assertInstanceOf(StandInException.class, cause);
      assertEquals(Unsendable.class.getName(), standIn.remoteClassName());
      assertEquals("cannot travel", standIn.getMessage());
      assertTrue(
          standIn.getStackTrace().length > 0, "the stand-in carries the worker's stack trace");
    } else {
      assertInstanceOf(Unsendable.class, cause);
    }
  }

  // ---- applyAsync ----

  @Test
  void applyAsync_callsSuccessCallbackWithResult() throws Exception {
    CompletableFuture<Object> succeeded = new CompletableFuture<>();
    CompletableFuture<Object> failed = new CompletableFuture<>();
    var future = pool.applyAsync(() -> 5, succeeded::complete, failed::complete);
    assertEquals(5, result(future));
    assertEquals(5, result(succeeded));
    assertFalse(failed.isDone());
  }

  @Test
  void applyAsync_taskThrows_callsErrorCallbackWithIt() throws Exception {
    CompletableFuture<Object> succeeded = new CompletableFuture<>();
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    var future =
        pool.applyAsync(
            () -> {
              throw new IllegalArgumentException("bad input");
            },
            succeeded::complete,
            failed::complete);
    assertInstanceOf(IllegalArgumentException.class, failure(future));
    Throwable seen = result(failed);
    assertInstanceOf(
        IllegalArgumentException.class, seen, "the callback sees the task's exception, unwrapped");
    assertEquals("bad input", seen.getMessage());
    assertFalse(succeeded.isDone());
  }

  @Test
  void applyAsync_callbackThrows_poolKeepsWorking() throws Exception {
    var ok =
        pool.applyAsync(
            () -> 1,
            r -> {
              throw new IllegalStateException("bug in a success callback (expected by the test)");
            },
            e -> {});
    var bad =
        pool.applyAsync(
            () -> {
              throw new IllegalArgumentException("task failure");
            },
            r -> {},
            e -> {
              throw new IllegalStateException("bug in an error callback (expected by the test)");
            });
    assertEquals(1, result(ok));
    assertInstanceOf(IllegalArgumentException.class, failure(bad));
    CompletableFuture<Object> later = new CompletableFuture<>();
    pool.applyAsync(() -> 2, later::complete, later::completeExceptionally);
    assertEquals(2, result(later));
    assertEquals(List.of(0, 1, 4), pool.map(x -> x * x, range(3)));
  }

  // ---- deadlines ----

  @Test
  void submit_pastDeadline_failsWithTimeoutAndPoolGoesOn() throws Exception {
    var stuck =
        pool.submit(
            () -> {
              Thread.sleep(120_000);
              return 0;
            },
            Duration.ofMillis(300));
    TaskTimeoutException timeout = assertInstanceOf(TaskTimeoutException.class, failure(stuck));
    assertEquals(Duration.ofMillis(300), timeout.deadline());
    assertEquals(7, result(pool.submit(() -> 7)));
    assertEquals(List.of(1, 2, 3), pool.map(x -> x + 1, range(3), 1));
    assertThrows(IllegalArgumentException.class, () -> pool.submit(() -> 1, Duration.ZERO));
  }

  // ---- cancel ----

  /** Counts its start in {@code started}, waits for {@code gate}, returns {@code value}. */
  static Task<String> counted(SharedLong started, Event gate, String value) {
    return () -> {
      started.addAndGet(1);
      if (!gate.await(LONG_WAIT)) {
        throw new TimeoutException("the test never opened the gate");
      }
      return value;
    };
  }

  /**
   * Python's {@code Future.cancel()}: a queued task is cancelled and never runs; a running one not.
   */
  @Test
  void cancel_withoutInterrupt_cancelsOnlyATaskNotYetRunning() throws Exception {
    Event gate = ctx.event();
    SharedLong started = ctx.sharedLong(0);
    try {
      var first = pool.submit(counted(started, gate, "first"));
      var second = pool.submit(counted(started, gate, "second"));
      awaitCondition("both workers run a task", () -> started.get() == 2);
      var queued = pool.submit(counted(started, gate, "queued"));

      assertTrue(queued.cancel(false), "a queued task is cancelled");
      assertTrue(queued.isCancelled());
      assertFalse(first.cancel(false), "a running task is not cancelled");
      assertFalse(first.isCancelled());
      gate.set();
      assertEquals("first", result(first));
      assertEquals("second", result(second));
      assertFalse(first.cancel(false), "a finished task is not cancelled");
      assertTrue(queued.cancel(false), "a cancelled task stays cancelled");
      assertEquals("later", result(pool.submit(counted(started, gate, "later"))));
      assertEquals("later", result(pool.submit(counted(started, gate, "later"))));
      assertEquals(4, started.get(), "the cancelled task ran");
    } finally {
      gate.set();
    }
  }

  // ---- Futures ----

  @Test
  void asCompleted_yieldsFuturesInCompletionOrder() throws Exception {
    Event gate = ctx.event();
    try {
      var slow =
          pool.submit(awaiting(gate, "slow")); // holds one worker; the other runs the rest in turn
      var quick1 = pool.submit(() -> "quick1");
      var quick2 = pool.submit(() -> "quick2");
      Iterator<CompletableFuture<String>> it =
          Futures.asCompleted(List.of(slow, quick1, quick2)).iterator();
      assertSame(quick1, it.next());
      assertSame(quick2, it.next());
      var timedOut =
          assertThrows(
              CompletionException.class,
              () -> Futures.asCompleted(List.of(slow), Duration.ofMillis(100)).iterator().next());
      assertInstanceOf(TimeoutException.class, timedOut.getCause());
      gate.set();
      assertSame(slow, it.next());
      assertFalse(it.hasNext());
    } finally {
      gate.set();
    }
  }

  /** Python's bpo-20367 and bpo-20369: a future given more than once counts once. */
  @Test
  void futures_givenTwice_countOnce() throws Exception {
    CompletableFuture<String> f = pool.submit(() -> "once");
    List<CompletableFuture<String>> thrice = List.of(f, f, f);

    List<CompletableFuture<String>> seen = new ArrayList<>();
    Futures.asCompleted(thrice).forEach(seen::add);
    assertEquals(List.of(f), seen, "asCompleted yields a repeated future once");

    var all =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> Futures.await(List.of(f, f), null, Futures.ReturnWhen.ALL_COMPLETED),
            "await(ALL_COMPLETED) waited for a second completion of the same future");
    assertEquals(List.of(f), all.done());
    assertEquals(List.of(), all.notDone());
  }

  /** As Python's {@code wait}: a cancelled future does not end FIRST_EXCEPTION, a raise does. */
  @Test
  void futuresAwait_firstExceptionWithACancelledFuture_waitsForTheOthers() throws Exception {
    Event gate = ctx.event();
    try {
      CompletableFuture<String> cancelled = new CompletableFuture<>();
      cancelled.cancel(false);
      var slow = pool.submit(awaiting(gate, "slow"));
      Thread opener =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    gate.set();
                  });

      var both =
          Futures.await(List.of(cancelled, slow), LONG_WAIT, Futures.ReturnWhen.FIRST_EXCEPTION);

      opener.join();
      assertEquals(
          Set.of(cancelled, slow), new HashSet<>(both.done()), "it returned at the cancelled one");
      CompletableFuture<String> failing =
          pool.submit(
              () -> {
                throw new IllegalStateException("raised");
              });
      var raised =
          Futures.await(List.of(cancelled, failing), LONG_WAIT, Futures.ReturnWhen.FIRST_EXCEPTION);
      assertEquals(Set.of(cancelled, failing), new HashSet<>(raised.done()));
    } finally {
      gate.set();
    }
  }

  @Test
  void futuresAwait_returnsAsReturnWhenSays() throws Exception {
    Event gate = ctx.event();
    try {
      var slow = pool.submit(awaiting(gate, "slow"));
      var quick = pool.submit(() -> "quick");
      var first =
          Futures.await(List.of(slow, quick), LONG_WAIT, Futures.ReturnWhen.FIRST_COMPLETED);
      assertEquals(List.of(quick), first.done());
      assertEquals(List.of(slow), first.notDone());

      CompletableFuture<String> failing =
          pool.submit(
              () -> {
                throw new IllegalStateException("first exception");
              });
      var firstError =
          Futures.await(List.of(slow, failing), LONG_WAIT, Futures.ReturnWhen.FIRST_EXCEPTION);
      assertEquals(List.of(failing), firstError.done());
      assertEquals(List.of(slow), firstError.notDone());

      var timedOut =
          Futures.await(
              List.of(slow, quick), Duration.ofMillis(100), Futures.ReturnWhen.ALL_COMPLETED);
      assertEquals(List.of(quick), timedOut.done());
      assertEquals(List.of(slow), timedOut.notDone());

      gate.set();
      var all =
          Futures.await(List.of(slow, quick, failing), null, Futures.ReturnWhen.ALL_COMPLETED);
      assertEquals(Set.of(slow, quick, failing), new HashSet<>(all.done()));
      assertEquals(List.of(), all.notDone());
      var noError =
          Futures.await(List.of(slow, quick), LONG_WAIT, Futures.ReturnWhen.FIRST_EXCEPTION);
      assertEquals(2, noError.done().size(), "without a failure, FIRST_EXCEPTION waits for all");
    } finally {
      gate.set();
    }
  }
}

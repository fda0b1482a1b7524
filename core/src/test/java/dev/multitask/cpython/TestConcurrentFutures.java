package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.multitask.Fn;
import dev.multitask.StandInException;
import dev.multitask.Task;
import dev.multitask.pool.Futures;
import dev.multitask.pool.Futures.ReturnWhen;
import dev.multitask.pool.InitializerFailedException;
import dev.multitask.pool.MapFailedException;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import dev.multitask.pool.WorkerDiedException;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Port of {@code Lib/test/test_concurrent_futures/}: {@code executor.py} ({@code ExecutorTest}),
 * {@code test_wait.py} ({@code WaitTests}), {@code test_as_completed.py} ({@code
 * AsCompletedTests}), {@code test_shutdown.py} ({@code ExecutorShutdownTest}), {@code
 * test_future.py} ({@code FutureTests}, through a pool's futures), {@code test_init.py} ({@code
 * InitializerMixin}, {@code FailingInitializerMixin}) and {@code test_process_pool.py} ({@code
 * ProcessPoolExecutorTest}), over one pool of two workers per backend. Python's {@code Executor} is
 * a {@link Pool}, its futures {@link CompletableFuture}s, {@code wait} and {@code as_completed} are
 * {@link Futures}; {@code RuntimeError} after shutdown is {@link RejectedExecutionException}.
 * Differs on purpose: a worker process that dies fails its own task with {@link
 * WorkerDiedException} and the pool goes on, where CPython's pool breaks for good ({@code
 * BrokenProcessPool}); a failing initializer fails each task with {@link
 * InitializerFailedException}, without breaking the pool either; {@code map} is a list (the results
 * that came before a timeout are not returned). Not ported: keyword arguments, reference and
 * interpreter-exit tests, thread names, {@code _processes} counts, the {@code Future} methods that
 * only a pool's worker calls ({@code set_result}, {@code set_running_or_notify_cancel}), {@code
 * test_deadlock.py} (CPython's pickling crashes) and {@code test_interpreter_pool.py}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TestConcurrentFutures extends PortPart {
  Pool executor;

  @BeforeAll
  void makeExecutor() {
    executor = ctx().pool(2);
  }

  @AfterAll
  void shutdownExecutor() {
    executor.shutdown(true);
  }

  static Task<Integer> mul(int x, int y) {
    return () -> x * y;
  }

  /** A future already done, as CPython's {@code util.SUCCESSFUL_FUTURE}. */
  static CompletableFuture<Integer> successful() {
    return CompletableFuture.completedFuture(42);
  }

  /** CPython's {@code EXCEPTION_FUTURE}. */
  static CompletableFuture<Integer> failed() {
    return CompletableFuture.failedFuture(new IOException("EXCEPTION_FUTURE"));
  }

  /** CPython's {@code CANCELLED_AND_NOTIFIED_FUTURE}. */
  static CompletableFuture<Integer> cancelled() {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    f.cancel(false);
    return f;
  }

  /** Python's {@code divmod(x, y)}'s quotient: ArithmeticException for y = 0. */
  static Task<Integer> divide(int x, int y) {
    return () -> x / y;
  }

  static Task<Integer> waiting(Event event) {
    return () -> event.await(LONG) ? 0 : -1;
  }

  // ---- executor.py: ExecutorTest ----

  /** test_submit. */
  @Test
  void submit_returnsTheResult() throws Exception {
    assertEquals(256, executor.submit(() -> (int) Math.pow(2, 8)).get());
  }

  /** test_map. */
  @Test
  void map_returnsTheResultsInOrder() throws Exception {
    Fn<Integer, Integer> pow = x -> (int) Math.pow(x, x);
    List<Integer> expected = IntStream.range(0, 10).map(x -> (int) Math.pow(x, x)).boxed().toList();
    List<Integer> range = IntStream.range(0, 10).boxed().toList();
    assertEquals(expected, executor.map(pow, range));
    assertEquals(expected, executor.map(pow, range, 3));
  }

  /** test_map_exception: the results before the failure come out, then the failure. */
  @Test
  void imap_withAFailingItem_yieldsTheEarlierResultsThenFails() {
    Fn<Integer, Integer> divmod = y -> 1 / y;
    Iterator<Integer> i = executor.imap(divmod, List.of(2, 3, 0, 5)).iterator();
    assertEquals(0, i.next());
    assertEquals(0, i.next());
    MapFailedException e = assertThrows(MapFailedException.class, i::next);
    assertEquals(2, e.index());
  }

  /** test_map_timeout: a map that takes longer than its timeout gives up. */
  @Test
  void map_withATimeout_givesUp() throws Exception {
    Fn<Integer, Integer> sleep =
        s -> {
          Thread.sleep(s);
          return null;
        };
    assertThrows(
        TimeoutException.class, // CPython: 6 s, timeout 5 s
        () -> executor.map(sleep, List.of(0, 0, 1500), Duration.ofMillis(300)));
  }

  /** test_shutdown_race_issue12456: shutdown right after a map. */
  @Test
  void shutdown_rightAfterAMap_returns() throws Exception {
    Pool p = ctx().pool(2);
    p.mapAsync(x -> String.valueOf(x), List.of(2, 2, 2));
    p.shutdown(false);
  }

  /** test_max_workers_negative. */
  @Test
  void pool_withoutWorkers_isRefused() {
    for (int number : new int[] {0, -1}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ctx().pool(number));
      assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }
  }

  // ---- test_wait.py: WaitTests ----

  /** test_20369: a future given twice is done once. */
  @Test
  void await_ofTheSameFutureTwice_returns() throws Exception {
    CompletableFuture<Integer> future = executor.submit(mul(1, 2));
    Futures.Completion<Integer> c =
        Futures.await(List.of(future, future), null, ReturnWhen.ALL_COMPLETED);
    assertEquals(List.of(future), c.done());
    assertEquals(List.of(), c.notDone());
  }

  /** test_first_completed. */
  @Test
  void awaitFirstCompleted_returnsAtTheFirst() throws Exception {
    Event event = ctx().event();
    try {
      CompletableFuture<Integer> future1 = executor.submit(mul(21, 2));
      CompletableFuture<Integer> future2 = executor.submit(waiting(event));
      CompletableFuture<Integer> pending = new CompletableFuture<>(); // CPython's CANCELLED_FUTURE
      var c = Futures.await(List.of(pending, future1, future2), null, ReturnWhen.FIRST_COMPLETED);
      assertEquals(Set.of(future1), new HashSet<>(c.done()));
      assertEquals(Set.of(pending, future2), new HashSet<>(c.notDone()));
      event.set();
      future2.get();
    } finally {
      event.set();
    }
  }

  /** test_first_completed_some_already_completed. */
  @Test
  void awaitFirstCompleted_withSomeDone_returnsThemAtOnce() throws Exception {
    Event event = ctx().event();
    try {
      CompletableFuture<Integer> future1 = executor.submit(waiting(event));
      CompletableFuture<Integer> cancelled = cancelled();
      CompletableFuture<Integer> successful = successful();
      var c =
          Futures.await(List.of(cancelled, successful, future1), null, ReturnWhen.FIRST_COMPLETED);
      assertEquals(Set.of(cancelled, successful), new HashSet<>(c.done()));
      assertEquals(Set.of(future1), new HashSet<>(c.notDone()));
    } finally {
      event.set();
    }
  }

  /** test_first_exception. */
  @Test
  void awaitFirstException_returnsAtTheFirstRaise() throws Exception {
    Event event1 = ctx().event();
    Event event2 = ctx().event();
    try {
      CompletableFuture<Integer> future1 = executor.submit(mul(2, 21));
      CompletableFuture<Integer> future2 =
          executor.submit(
              () -> {
                event1.await(LONG);
                throw new IllegalStateException("this is an exception");
              });
      CompletableFuture<Integer> future3 = executor.submit(waiting(event2));
      future1.thenRun(event1::set); // future1 completes before future2 raises
      var c = Futures.await(List.of(future1, future2, future3), null, ReturnWhen.FIRST_EXCEPTION);
      assertEquals(Set.of(future1, future2), new HashSet<>(c.done()));
      assertEquals(Set.of(future3), new HashSet<>(c.notDone()));
    } finally {
      event1.set();
      event2.set();
    }
  }

  /**
   * test_first_exception_some_already_complete. Differs on purpose: a cancelled {@code
   * CompletableFuture} is done, so CPython's CANCELLED_FUTURE (cancelled, callbacks not yet run)
   * has no counterpart; a still pending future stands for it.
   */
  @Test
  void awaitFirstException_withSomeDone_returnsAtTheRaise() throws Exception {
    Event event = ctx().event();
    try {
      CompletableFuture<Integer> future1 = executor.submit(divide(21, 0));
      CompletableFuture<Integer> future2 = executor.submit(waiting(event));
      CompletableFuture<Integer> successful = successful();
      CompletableFuture<Integer> cancelled = cancelled();
      CompletableFuture<Integer> pending = new CompletableFuture<>();
      var c =
          Futures.await(
              List.of(successful, pending, cancelled, future1, future2),
              null,
              ReturnWhen.FIRST_EXCEPTION);
      assertEquals(Set.of(successful, cancelled, future1), new HashSet<>(c.done()));
      assertEquals(Set.of(pending, future2), new HashSet<>(c.notDone()));
    } finally {
      event.set();
    }
  }

  /** test_first_exception_one_already_failed. */
  @Test
  void awaitFirstException_withOneFailed_returnsAtOnce() throws Exception {
    Event event = ctx().event();
    try {
      CompletableFuture<Integer> future1 = executor.submit(waiting(event));
      CompletableFuture<Integer> failed = failed();
      var c = Futures.await(List.of(failed, future1), null, ReturnWhen.FIRST_EXCEPTION);
      assertEquals(Set.of(failed), new HashSet<>(c.done()));
      assertEquals(Set.of(future1), new HashSet<>(c.notDone()));
    } finally {
      event.set();
    }
  }

  /** test_all_completed. */
  @Test
  void awaitAllCompleted_returnsEveryFuture() throws Exception {
    CompletableFuture<Integer> future1 = executor.submit(divide(2, 0));
    CompletableFuture<Integer> future2 = executor.submit(mul(2, 21));
    List<CompletableFuture<Integer>> all =
        List.of(successful(), cancelled(), failed(), future1, future2);
    var c = Futures.await(all, null, ReturnWhen.ALL_COMPLETED);
    assertEquals(new HashSet<>(all), new HashSet<>(c.done()));
    assertEquals(List.of(), c.notDone());
  }

  /** test_timeout. */
  @Test
  void awaitAllCompleted_withATimeout_returnsWhatIsDone() throws Exception {
    Event event = ctx().event();
    try {
      CompletableFuture<Integer> future = executor.submit(waiting(event));
      List<CompletableFuture<Integer>> done = List.of(cancelled(), failed(), successful());
      List<CompletableFuture<Integer>> all = new ArrayList<>(done);
      all.add(future);
      var c = Futures.await(all, Duration.ofMillis(50), ReturnWhen.ALL_COMPLETED);
      assertEquals(new HashSet<>(done), new HashSet<>(c.done()));
      assertEquals(List.of(future), c.notDone());
    } finally {
      event.set();
    }
  }

  // ---- test_as_completed.py: AsCompletedTests ----

  /** test_no_timeout. */
  @Test
  void asCompleted_yieldsEveryFuture() throws Exception {
    CompletableFuture<Integer> future1 = executor.submit(mul(2, 21));
    CompletableFuture<Integer> future2 = executor.submit(mul(7, 6));
    List<CompletableFuture<Integer>> all =
        List.of(cancelled(), failed(), successful(), future1, future2);
    Set<CompletableFuture<Integer>> completed = new HashSet<>();
    Futures.asCompleted(all).forEach(completed::add);
    assertEquals(new HashSet<>(all), completed);
  }

  /** test_future_times_out: with timeout 0 and 100 ms, the done ones come, then the timeout. */
  @Test
  void asCompleted_withATimeout_stopsAtIt() throws Exception {
    List<CompletableFuture<Integer>> alreadyCompleted =
        List.of(cancelled(), failed(), successful());
    for (Duration timeout : List.of(Duration.ZERO, Duration.ofMillis(100))) {
      Event event = ctx().event();
      try {
        CompletableFuture<Integer> future = executor.submit(waiting(event));
        List<CompletableFuture<Integer>> all = new ArrayList<>(alreadyCompleted);
        all.add(future);
        Set<CompletableFuture<Integer>> completed = new HashSet<>();
        CompletionException e =
            assertThrows(
                CompletionException.class,
                () -> Futures.asCompleted(all, timeout).forEach(completed::add));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertEquals(new HashSet<>(alreadyCompleted), completed);
      } finally {
        event.set();
      }
    }
  }

  /** test_duplicate_futures (bpo-20367). */
  @Test
  void asCompleted_ofARepeatedFuture_yieldsItOnce() throws Exception {
    CompletableFuture<Integer> future1 =
        executor.submit(
            () -> {
              Thread.sleep(200);
              return 1;
            });
    List<CompletableFuture<Integer>> completed = new ArrayList<>();
    Futures.asCompleted(List.of(future1, future1, future1)).forEach(completed::add);
    assertEquals(1, completed.size());
  }

  /** test_correct_timeout_exception_msg. */
  @Test
  void asCompleted_timingOut_saysHowManyAreUnfinished() {
    List<CompletableFuture<Integer>> all =
        List.of(cancelled(), new CompletableFuture<>(), new CompletableFuture<>(), successful());
    CompletionException e =
        assertThrows(
            CompletionException.class,
            () -> Futures.asCompleted(all, Duration.ZERO).forEach(f -> {}));
    assertTrue(
        e.getCause().getMessage().startsWith("2 of 4 futures not done"), e.getCause().getMessage());
  }

  // ---- test_shutdown.py: ExecutorShutdownTest ----

  /** test_run_after_shutdown. */
  @Test
  void submit_afterShutdown_isRefused() {
    Pool p = ctx().pool(1);
    p.shutdown(false);
    assertThrows(RejectedExecutionException.class, () -> p.submit(() -> (int) Math.pow(2, 5)));
  }

  /** test_hang_issue12364: shutdown waits for the queued tasks. */
  @Test
  void shutdown_waitsForTheQueuedTasks() throws Exception {
    Pool p = ctx().pool(2);
    List<CompletableFuture<Void>> fs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fs.add(p.submit(() -> Thread.sleep(10)));
    }
    p.shutdown(false);
    for (CompletableFuture<Void> f : fs) {
      f.get(0, TimeUnit.SECONDS);
    }
  }

  /**
   * test_cancel_futures: most queued tasks are cancelled, the others finished. CPython's first
   * submit starts a worker that takes a task at once; here the test waits for one to have.
   */
  @Test
  void shutdown_cancellingFutures_cancelsTheQueuedOnes() throws Exception {
    Pool p = ctx().pool(2);
    SharedLong started = ctx().sharedLong(0);
    List<CompletableFuture<Void>> fs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fs.add(
          p.submit(
              () -> {
                started.addAndGet(1);
                Thread.sleep(100);
              }));
    }
    Waits.waitUntil("a task runs", () -> started.get() > 0);
    p.shutdown(true);
    long cancelled = fs.stream().filter(CompletableFuture::isCancelled).count();
    assertTrue(cancelled > 20, cancelled + " cancelled");
    List<CompletableFuture<Void>> others = fs.stream().filter(f -> !f.isCancelled()).toList();
    for (CompletableFuture<Void> f : others) {
      assertTrue(f.isDone());
      assertFalse(f.isCompletedExceptionally());
    }
    assertFalse(others.isEmpty());
  }

  /** test_hang_gh94440: a task submitted and cancelled right before shutdown does not hang it. */
  @Test
  void shutdown_afterACancelledTask_returns() throws Exception {
    Pool p = ctx().pool(1);
    p.submit(() -> 0).get();
    p.submit(() -> 0).cancel(false);
    p.shutdown(false);
    p.join();
  }

  // ---- test_future.py: FutureTests, on a pool's futures ----

  /** test_cancel: queued → cancelled; running → not; done → not. */
  @Test
  void cancel_ofAPoolFuture_dependsOnItsState() throws Exception {
    Event gate = ctx().event();
    SharedLong started = ctx().sharedLong(0);
    try (Pool one = ctx().pool(1)) {
      CompletableFuture<Integer> running =
          one.submit(
              () -> {
                started.addAndGet(1);
                return gate.await(LONG) ? 1 : 0;
              });
      CompletableFuture<Integer> pending = one.submit(mul(2, 3));
      Waits.waitUntil("the first task runs", () -> started.get() == 1);
      assertTrue(pending.cancel(false));
      assertTrue(pending.isCancelled());
      assertFalse(running.cancel(false));
      assertFalse(running.isCancelled());
      assertTrue(pending.cancel(false), "cancelling a cancelled future says it is cancelled");
      gate.set();
      assertEquals(1, running.get());
      assertFalse(running.cancel(false), "a finished future is not cancelled");
      assertThrows(CancellationException.class, pending::get);
      CompletableFuture<Integer> failing =
          one.submit(
              () -> {
                throw new IOException("raised");
              });
      assertThrows(ExecutionException.class, failing::get);
      assertFalse(failing.cancel(false));
    } finally {
      gate.set();
    }
  }

  /** test_done_callback_with_result, _with_exception, _already_successful. */
  @Test
  void callbacks_ofAPoolFuture_seeItsOutcome() throws Exception {
    List<Object> seen = new ArrayList<>();
    CompletableFuture<Integer> ok = executor.submit(() -> 5);
    ok.whenComplete((r, e) -> seen.add(r)).get();
    CompletableFuture<Integer> bad =
        executor.submit(
            () -> {
              throw new IllegalStateException("test");
            });
    bad.handle(
            (r, e) -> seen.add(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()))
        .get();
    ok.whenComplete((r, e) -> seen.add("already " + r)).get();
    assertEquals(List.of(5, "test", "already 5"), seen);
  }

  /** test_result_with_timeout, test_exception_with_timeout. */
  @Test
  void get_withATimeout_ofAPendingFuture_timesOut() {
    CompletableFuture<Integer> pending = new CompletableFuture<>();
    assertThrows(TimeoutException.class, () -> pending.get(0, TimeUnit.SECONDS));
    assertThrows(CancellationException.class, () -> cancelled().get(0, TimeUnit.SECONDS));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> failed().get(0, TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, e.getCause());
  }

  // ---- test_init.py ----

  /** InitializerMixin.test_initializer: each worker ran the initializer before its tasks. */
  @Test
  void initializer_runsBeforeTheTasks() throws Exception {
    SharedLong status = ctx().sharedLong(0);
    try (Pool p = ctx().pool(PoolOptions.workers(2).initializer(() -> status.set(1)))) {
      List<CompletableFuture<Long>> futures = List.of(p.submit(status::get), p.submit(status::get));
      for (CompletableFuture<Long> f : futures) {
        assertEquals(1, f.get());
      }
    }
  }

  /**
   * FailingInitializerMixin.test_initializer. Differs on purpose: each task fails, the pool stays.
   */
  @Test
  void initializer_thatFails_failsTheTasks() throws Exception {
    try (Pool p =
        ctx()
            .pool(
                PoolOptions.workers(2)
                    .initializer(
                        () -> {
                          throw new IllegalArgumentException("error in initializer");
                        }))) {
      for (int i = 0; i < 2; i++) {
        ExecutionException e =
            assertThrows(ExecutionException.class, () -> p.submit(() -> 1).get());
        assertInstanceOf(InitializerFailedException.class, e.getCause());
      }
    }
  }

  // ---- test_process_pool.py: ProcessPoolExecutorTest ----

  /**
   * test_killed_child (processes). Differs on purpose: the killed worker fails only its task, with
   * {@link WorkerDiedException}, and the pool goes on (CPython's breaks for good).
   */
  @Test
  void task_whoseWorkerIsKilled_failsAlone() throws Exception {
    assumeTrue(processes(), "CPython runs it for processes only");
    SharedLong pid = ctx().sharedLong(0);
    CompletableFuture<Integer> sleeper =
        executor.submit(
            () -> {
              pid.set(ProcessHandle.current().pid());
              Thread.sleep(30_000);
              return 0;
            });
    Waits.waitUntil("the task runs", () -> pid.get() != 0);
    ProcessHandle.of(pid.get()).ifPresent(ProcessHandle::destroy);
    ExecutionException e = assertThrows(ExecutionException.class, sleeper::get);
    assertInstanceOf(WorkerDiedException.class, e.getCause());
    assertEquals(256, executor.submit(() -> (int) Math.pow(2, 8)).get());
  }

  /** test_map_chunksize: any chunk size gives the same list; below one is refused. */
  @Test
  void map_withAnyChunkSize_returnsTheSameList() throws Exception {
    Fn<Integer, Integer> pow = x -> (int) Math.pow(x, 2);
    List<Integer> range = IntStream.range(0, 40).boxed().toList();
    List<Integer> ref = range.stream().map(x -> x * x).toList();
    for (int chunk : new int[] {6, 50, 40}) {
      assertEquals(ref, executor.map(pow, range, chunk));
    }
    assertThrows(IllegalArgumentException.class, () -> executor.map(pow, range, -1));
  }

  /** test_traceback: the task's exception with the worker's stack. */
  @Test
  void failure_carriesTheWorkersStack() {
    Task<Integer> raising =
        () -> {
          throw new IllegalStateException("123");
        };
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> executor.submit(raising).get());
    Throwable cause = e.getCause();
    String name =
        cause instanceof StandInException r ? r.remoteClassName() : cause.getClass().getName();
    assertEquals("java.lang.IllegalStateException", name);
    assertEquals("123", cause.getMessage());
    assertTrue(
        cause.getStackTrace()[0].toString().contains("TestConcurrentFutures"),
        cause.getStackTrace()[0].toString());
  }

  /** test_max_tasks_per_child (processes): a worker is replaced after its tasks. */
  @Test
  void worker_pastItsTaskLimit_isReplaced() throws Exception {
    assumeTrue(processes(), "CPython runs it for processes only");
    try (Pool p = ctx().pool(PoolOptions.workers(1).maxTasksPerWorker(3))) {
      Task<Long> getpid = () -> ProcessHandle.current().pid();
      long originalPid = p.submit(getpid).get();
      assertEquals(originalPid, p.submit(getpid).get());
      assertEquals(originalPid, p.submit(getpid).get());
      assertNotEquals(originalPid, p.submit(getpid).get());
    }
  }
}

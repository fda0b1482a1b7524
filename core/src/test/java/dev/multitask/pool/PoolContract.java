package dev.multitask.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Fn;
import dev.multitask.RemoteException;
import dev.multitask.Task;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Pool} contract, written once and run over every backend by the nested classes of
 * {@link PoolContractTest}. One context and one pool of two workers serve the tests that leave a
 * pool as they found it; tests of options or of a pool's end make a small pool of their own.
 *
 * <p>Task bodies come from static methods or lambdas that capture only numbers, events and shared
 * values, never the test instance, so that they travel to worker JVMs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class PoolContract {
  private static final long WAIT_SECONDS = 60;
  private static final Duration LONG_WAIT = Duration.ofSeconds(WAIT_SECONDS);
  /** How far ahead of the consumer imap may read its input: a few chunks per worker, never more. */
  private static final int IMAP_READ_AHEAD_BOUND = 16;

  /** Set by a worker's initializer in the thread that then runs the worker's tasks. */
  private static final ThreadLocal<Boolean> INITIALIZED = ThreadLocal.withInitial(() -> false);

  private final AtomicReference<Consumer<Progress>> progressSink = new AtomicReference<>(p -> {});

  /** The context under test. */
  protected Context ctx;
  /** Two workers; reports progress to {@link #progressSink}. */
  protected Pool pool;

  /** Makes a new context of the backend under test. */
  abstract Context newContext();

  /** Whether workers are child JVMs, so that tasks run in other processes and exceptions travel serialized. */
  abstract boolean workersAreProcesses();

  @BeforeAll
  void open() {
    ctx = newContext();
    pool = ctx.pool(PoolOptions.workers(2).onProgress(p -> progressSink.get().accept(p)));
  }

  @AfterAll
  void close() {
    try {
      pool.close();
    } finally {
      ctx.close();
    }
  }

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

  /** Arrives, waits until {@code parties} tasks have arrived (so each holds its own worker), returns its pid. */
  static Task<Long> meeting(SharedLong arrived, int parties) {
    return () -> {
      arrived.addAndGet(1);
      long end = System.nanoTime() + LONG_WAIT.toNanos();
      while (arrived.get() < parties) {
        if (System.nanoTime() > end) {
          throw new TimeoutException("only " + arrived.get() + " of " + parties + " tasks ran at once");
        }
        Thread.sleep(1);
      }
      return ProcessHandle.current().pid();
    };
  }

  static Action countingInitializer(SharedLong runs) {
    return () -> {
      runs.addAndGet(1);
      INITIALIZED.set(true);
    };
  }

  /** Whether the initializer ran in this worker (thread) before. */
  static Task<Boolean> initialized() {
    return () -> INITIALIZED.get();
  }

  /** A serializable exception that does not serialize: its payload is a plain object. */
  @SuppressWarnings("serial")
  static final class Unsendable extends RuntimeException {
    final Object payload = new Object();

    Unsendable(String message) {
      super(message);
    }
  }

  // ---- helpers ----

  static <T> T result(Future<T> future) throws Exception {
    return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The cause of the ExecutionException that {@code future.get()} throws. */
  static Throwable failure(Future<?> future) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
    return e.getCause();
  }

  static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  static void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + LONG_WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting until " + what);
      Thread.sleep(5);
    }
  }

  /** An endless input that counts how many items were pulled from it. */
  record Endless(AtomicLong pulled) implements Iterable<Long> {
    @Override
    public Iterator<Long> iterator() {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Long next() {
          return pulled.getAndIncrement();
        }
      };
    }
  }

  /** A finite input that counts how many items were pulled from it. */
  record Counted(List<Integer> items, AtomicLong pulled) implements Iterable<Integer> {
    @Override
    public Iterator<Integer> iterator() {
      Iterator<Integer> it = items.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Integer next() {
          pulled.incrementAndGet();
          return it.next();
        }
      };
    }
  }

  // ---- submit and failures ----

  @Test
  void shouldReturnTaskResultFromSubmit() throws Exception {
    assertEquals("hello", result(pool.submit(() -> "hello")));
    long workerPid = result(pool.submit(pid()));
    if (workersAreProcesses()) {
      assertNotEquals(ProcessHandle.current().pid(), workerPid);
    } else {
      assertEquals(ProcessHandle.current().pid(), workerPid);
    }
  }

  @Test
  void shouldDeliverTaskExceptionAsCauseOfExecutionException() {
    Throwable cause = failure(pool.submit(() -> {
      throw new IllegalStateException("boom");
    }));
    assertInstanceOf(IllegalStateException.class, cause);
    assertEquals("boom", cause.getMessage());
  }

  /** Across processes an exception that does not serialize arrives as a faithful stand-in. */
  @Test
  void shouldDeliverUnsendableExceptionAsItselfOrStandIn() {
    Throwable cause = failure(pool.submit(() -> {
      throw new Unsendable("cannot travel");
    }));
    if (workersAreProcesses()) {
      RemoteException standIn = assertInstanceOf(RemoteException.class, cause);
      assertEquals(Unsendable.class.getName(), standIn.remoteClassName());
      assertEquals("cannot travel", standIn.getMessage());
      assertTrue(standIn.getStackTrace().length > 0, "the stand-in carries the worker's stack trace");
    } else {
      assertInstanceOf(Unsendable.class, cause);
    }
  }

  // ---- map, imap, imapUnordered ----

  @Test
  void shouldReturnMapResultsInInputOrder() throws Exception {
    List<Integer> expected = IntStream.range(0, 100).map(x -> x * 2).boxed().toList();
    assertEquals(expected, pool.map(x -> x * 2, range(100)));
    assertEquals(expected, pool.map(x -> x * 2, range(100), 7));
    assertEquals(expected, pool.map(x -> x * 2, range(100), 1000));
  }

  @Test
  void shouldReturnEmptyListFromMapOfEmptyInput() throws Exception {
    assertEquals(List.of(), pool.map(x -> x, List.<Integer>of()));
    assertEquals(List.of(), pool.map(x -> x, List.<Integer>of(), 3));
    assertEquals(List.of(), pool.imap(x -> x, List.<Integer>of()).toList());
  }

  @Test
  void shouldRejectChunkSizeBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> pool.map(x -> x, range(3), 0));
    assertThrows(IllegalArgumentException.class, () -> pool.map(x -> x, range(3), -1));
    assertThrows(IllegalArgumentException.class, () -> pool.imap(x -> x, range(3), 0));
  }

  @Test
  void shouldNameFailedIndexInMapFailedException() {
    Fn<Integer, Integer> fn = x -> 100 / (x - 37);
    MapFailedException chunked = assertThrows(MapFailedException.class, () -> pool.map(fn, range(100), 10));
    assertEquals(37, chunked.index());
    assertInstanceOf(ArithmeticException.class, chunked.getCause());
    MapFailedException byDefault = assertThrows(MapFailedException.class, () -> pool.map(fn, range(100)));
    assertEquals(37, byDefault.index());
    MapFailedException lazy = assertThrows(MapFailedException.class, () -> pool.imap(fn, range(100), 4).toList());
    assertEquals(37, lazy.index());
  }

  /** imap reads nothing before the first result is asked for, then only a few chunks ahead. */
  @Test
  void shouldReadImapInputLazilyAndReturnInOrder() {
    AtomicLong pulled = new AtomicLong();
    try (Stream<Integer> results = pool.imap(x -> x + 1, new Counted(range(200), pulled), 3)) {
      assertEquals(0, pulled.get(), "imap read its input before a result was asked for");
      Iterator<Integer> it = results.iterator();
      assertEquals(1, it.next());
      assertTrue(pulled.get() <= IMAP_READ_AHEAD_BOUND, "read " + pulled.get() + " items for the first result");
      List<Integer> rest = new ArrayList<>();
      it.forEachRemaining(rest::add);
      assertEquals(IntStream.range(2, 201).boxed().toList(), rest);
    }
  }

  @Test
  void shouldReturnEveryResultFromImapUnordered() {
    List<Integer> got = new ArrayList<>(pool.imapUnordered(x -> {
      Thread.sleep(x % 3 * 5); // later items may overtake earlier ones
      return x * x;
    }, range(60)).toList());
    Collections.sort(got);
    assertEquals(IntStream.range(0, 60).map(x -> x * x).boxed().toList(), got);
  }

  /** An endless input is read only as far as results are consumed, plus a bounded prefetch. */
  @Test
  void shouldBoundImapReadAheadOnEndlessInput() throws Exception {
    AtomicLong pulled = new AtomicLong();
    long maxAhead = 0;
    try (Stream<Long> results = pool.imap(x -> x, new Endless(pulled))) {
      Iterator<Long> it = results.iterator();
      for (long consumed = 1; consumed <= 2000; consumed++) {
        assertEquals(consumed - 1, it.next());
        maxAhead = Math.max(maxAhead, pulled.get() - consumed);
      }
    }
    assertTrue(maxAhead <= IMAP_READ_AHEAD_BOUND, "imap read " + maxAhead + " items ahead of the consumer");
    long atClose = pulled.get();
    Thread.sleep(100);
    assertEquals(atClose, pulled.get(), "imap read its input after the stream was closed");
  }

  // ---- applyAsync ----

  @Test
  void shouldCallSuccessCallbackWithResult() throws Exception {
    CompletableFuture<Object> succeeded = new CompletableFuture<>();
    CompletableFuture<Object> failed = new CompletableFuture<>();
    var future = pool.applyAsync(() -> 5, succeeded::complete, failed::complete);
    assertEquals(5, result(future));
    assertEquals(5, result(succeeded));
    assertFalse(failed.isDone());
  }

  @Test
  void shouldCallErrorCallbackWithTaskException() throws Exception {
    CompletableFuture<Object> succeeded = new CompletableFuture<>();
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    var future = pool.applyAsync(() -> {
      throw new IllegalArgumentException("bad input");
    }, succeeded::complete, failed::complete);
    assertInstanceOf(IllegalArgumentException.class, failure(future));
    Throwable seen = result(failed);
    assertInstanceOf(IllegalArgumentException.class, seen, "the callback sees the task's exception, unwrapped");
    assertEquals("bad input", seen.getMessage());
    assertFalse(succeeded.isDone());
  }

  @Test
  void shouldKeepPoolWorkingWhenCallbackThrows() throws Exception {
    var ok = pool.applyAsync(() -> 1, r -> {
      throw new IllegalStateException("bug in a success callback (expected by the test)");
    }, e -> {});
    var bad = pool.applyAsync(() -> {
      throw new IllegalArgumentException("task failure");
    }, r -> {}, e -> {
      throw new IllegalStateException("bug in an error callback (expected by the test)");
    });
    assertEquals(1, result(ok));
    assertInstanceOf(IllegalArgumentException.class, failure(bad));
    CompletableFuture<Object> later = new CompletableFuture<>();
    pool.applyAsync(() -> 2, later::complete, later::completeExceptionally);
    assertEquals(2, result(later));
    assertEquals(List.of(0, 1, 4), pool.map(x -> x * x, range(3)));
  }

  // ---- lifecycle ----

  @Test
  void shouldThrowIllegalStateFromJoinBeforeClose() {
    assertThrows(IllegalStateException.class, pool::join);
  }

  @Test
  void shouldFinishQueuedTasksOnCloseThenReject() throws Exception {
    Pool one = ctx.pool(1);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int value = i;
      futures.add(one.submit(() -> {
        Thread.sleep(100);
        return value;
      }));
    }
    one.close();
    for (int i = 0; i < 4; i++) {
      assertTrue(futures.get(i).isDone(), "close() returned before queued task " + i + " ended");
      assertEquals(i, futures.get(i).getNow(-1));
    }
    assertThrows(RejectedExecutionException.class, () -> one.submit(() -> 1));
    assertThrows(RejectedExecutionException.class, () -> one.map(x -> x, range(2)));
    one.join(); // ended: returns at once
    one.close(); // idempotent
  }

  @Test
  void shouldCancelQueuedAndRunningTasksOnTerminate() throws Exception {
    Pool one = ctx.pool(1);
    Event started = ctx.event();
    var running = one.submit(() -> {
      started.set();
      Thread.sleep(120_000);
      return 0;
    });
    assertTrue(started.await(LONG_WAIT), "the first task never started");
    List<CompletableFuture<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(one.submit(() -> 1));
    }
    long begin = System.nanoTime();
    one.terminate();
    assertTrue(System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(30), "terminate() waited for the running task");
    assertTrue(running.isCancelled(), "running task: " + running);
    queued.forEach(f -> assertTrue(f.isCancelled(), "queued task: " + f));
    one.join();
    assertThrows(RejectedExecutionException.class, () -> one.submit(() -> 1));
    one.terminate(); // idempotent
  }

  @Test
  void shouldFailTaskPastDeadlineWithTimeoutAndGoOn() throws Exception {
    var stuck = pool.submit(() -> {
      Thread.sleep(120_000);
      return 0;
    }, Duration.ofMillis(300));
    TaskTimeoutException timeout = assertInstanceOf(TaskTimeoutException.class, failure(stuck));
    assertEquals(Duration.ofMillis(300), timeout.deadline());
    assertEquals(7, result(pool.submit(() -> 7)));
    assertEquals(List.of(1, 2, 3), pool.map(x -> x + 1, range(3), 1));
    assertThrows(IllegalArgumentException.class, () -> pool.submit(() -> 1, Duration.ZERO));
  }

  // ---- options: policy, recycling, initializer, progress ----

  /** One worker held by a gated task while ranks 5, 1, 4, 2, 3 queue up; returns the order they ran in. */
  private List<Object> runOrder(QueuePolicy policy) throws Exception {
    Event gate = ctx.event();
    List<Object> order = Collections.synchronizedList(new ArrayList<>());
    try (Pool one = ctx.pool(PoolOptions.workers(1).policy(policy))) {
      try {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        futures.add(one.submit(awaiting(gate, 0L), Long.MIN_VALUE));
        for (long rank : new long[] {5, 1, 4, 2, 3}) {
          futures.add(one.submit(() -> rank, rank));
        }
        // one worker completes them one after another, so callbacks see the order they ran in
        futures.forEach(f -> f.whenComplete((r, e) -> order.add(e == null ? r : e)));
        gate.set();
        for (var f : futures) {
          result(f);
        }
      } finally {
        gate.set(); // before close(), which would wait for the gated task
      }
    }
    return order;
  }

  @Test
  void shouldRunLowestPriorityFirstUnderPriorityPolicy() throws Exception {
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), runOrder(QueuePolicy.PRIORITY));
  }

  @Test
  void shouldRunCheapestFirstUnderShortestJobFirstPolicy() throws Exception {
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), runOrder(QueuePolicy.SHORTEST_JOB_FIRST));
  }

  @Test
  void shouldIgnoreRanksUnderFirstComeFirstServed() throws Exception {
    assertEquals(List.of(0L, 5L, 1L, 4L, 2L, 3L), runOrder(QueuePolicy.FIRST_COME_FIRST_SERVED));
  }

  /** A worker is replaced, and the replacement initialized, after maxTasksPerWorker tasks. */
  @Test
  void shouldRecycleWorkerAfterMaxTasks() throws Exception {
    SharedLong inits = ctx.sharedLong(0);
    List<Long> pids = new ArrayList<>();
    try (Pool one = ctx.pool(PoolOptions.workers(1).maxTasksPerWorker(2).initializer(countingInitializer(inits)))) {
      for (int i = 0; i < 6; i++) {
        pids.add(result(one.submit(pid())));
      }
    }
    assertTrue(inits.get() >= 3, "6 tasks, 2 per worker, but the initializer ran " + inits.get() + " times");
    if (workersAreProcesses()) { // each worker is a JVM of its own
      assertEquals(pids.get(0), pids.get(1), pids.toString());
      assertEquals(pids.get(2), pids.get(3), pids.toString());
      assertEquals(pids.get(4), pids.get(5), pids.toString());
      assertEquals(3, new HashSet<>(pids).size(), pids.toString());
    } else { // a worker is the slot's thread in this JVM: recycling is seen only through the initializer
      assertEquals(Set.of(ProcessHandle.current().pid()), new HashSet<>(pids));
    }
  }

  @Test
  void shouldRunInitializerOncePerWorkerBeforeItsTasks() throws Exception {
    SharedLong inits = ctx.sharedLong(0);
    SharedLong arrived = ctx.sharedLong(0);
    try (Pool two = ctx.pool(PoolOptions.workers(2).initializer(countingInitializer(inits)))) {
      var first = two.submit(meeting(arrived, 2)); // both must run at once: one on each worker
      var second = two.submit(meeting(arrived, 2));
      result(first);
      result(second);
      if (workersAreProcesses()) {
        assertNotEquals(result(first), result(second));
      }
      List<CompletableFuture<Boolean>> seen = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        seen.add(two.submit(initialized()));
      }
      for (var f : seen) {
        assertTrue(result(f), "a task ran in a worker whose initializer had not run");
      }
    }
    assertEquals(2, inits.get(), "2 workers, never replaced, but the initializer ran " + inits.get() + " times");
  }

  @Test
  void shouldFailTasksWithInitializerErrorInsteadOfHanging() throws Exception {
    try (Pool one = ctx.pool(PoolOptions.workers(1).initializer(() -> {
      throw new IllegalStateException("no database");
    }))) {
      for (int attempt = 0; attempt < 2; attempt++) {
        Throwable cause = failure(one.submit(() -> 1));
        assertTrue(cause.getMessage().contains("initializer"), cause.toString());
        Throwable root = cause;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        assertInstanceOf(IllegalStateException.class, root, cause.toString());
        assertEquals("no database", root.getMessage());
      }
    }
  }

  @Test
  void shouldReportProgressUpToTotal() throws Exception {
    List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
    progressSink.set(seen::add);
    try {
      assertEquals(100, pool.map(x -> x, range(100), 10).size());
      awaitCondition("10 progress reports", () -> seen.size() >= 10);
      Thread.sleep(50);
      List<Progress> reports = List.copyOf(seen);
      assertEquals(10, reports.size(), reports.toString());
      assertEquals(LongStream.rangeClosed(1, 10).map(i -> i * 10).boxed().toList(),
          reports.stream().map(Progress::done).sorted().toList());
      reports.forEach(p -> assertEquals(100, p.total()));
      Progress last = reports.stream().filter(p -> p.done() == 100).findFirst().orElseThrow();
      assertEquals(1.0, last.fraction());
      assertEquals(Duration.ZERO, last.eta().orElseThrow());

      seen.clear();
      AtomicLong pulled = new AtomicLong();
      try (Stream<Long> lazy = pool.imap(x -> x, new Endless(pulled), 5)) {
        assertEquals(20, lazy.limit(20).count());
      }
      awaitCondition("imap progress", () -> !seen.isEmpty());
      assertEquals(-1, seen.get(0).total(), "an input that is not a Collection has no known total");
    } finally {
      progressSink.set(p -> {});
    }
  }

  // ---- timeline ----

  @Test
  void shouldRecordEveryTaskInTimelineWithWorkerAndPid() throws Exception {
    Pool two = ctx.pool(2);
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      futures.add(two.submit(pid()));
    }
    two.close(); // every record is written once the pool has ended
    Timeline timeline = two.timeline();
    assertEquals(5, timeline.entries().size(), timeline.toString());
    Set<Long> tasks = new HashSet<>();
    for (Timeline.Entry e : timeline.entries()) {
      assertTrue(e.task() >= 1 && e.task() <= 5, e.toString());
      tasks.add(e.task());
      assertEquals(result(futures.get((int) e.task() - 1)), e.pid(), "the pid the task saw: " + e);
      assertTrue(e.worker() == 0 || e.worker() == 1, e.toString());
      assertEquals("submit", e.label());
      assertEquals("ok", e.outcome());
      assertTrue(0 <= e.startNanos() && e.startNanos() <= e.endNanos(), e.toString());
    }
    assertEquals(5, tasks.size());
    String trace = timeline.toChromeTrace();
    JsonSyntax.check(trace);
    assertTrue(trace.contains("\"traceEvents\""), trace);
    assertEquals(5, trace.split("\"ph\":\"X\"", -1).length - 1, trace);
  }

  // ---- Futures ----

  @Test
  void shouldYieldFuturesInCompletionOrderFromAsCompleted() throws Exception {
    Event gate = ctx.event();
    try {
      var slow = pool.submit(awaiting(gate, "slow")); // holds one worker; the other runs the rest in turn
      var quick1 = pool.submit(() -> "quick1");
      var quick2 = pool.submit(() -> "quick2");
      Iterator<CompletableFuture<String>> it = Futures.asCompleted(List.of(slow, quick1, quick2)).iterator();
      assertSame(quick1, it.next());
      assertSame(quick2, it.next());
      var timedOut = assertThrows(CompletionException.class,
          () -> Futures.asCompleted(List.of(slow), Duration.ofMillis(100)).iterator().next());
      assertInstanceOf(TimeoutException.class, timedOut.getCause());
      gate.set();
      assertSame(slow, it.next());
      assertFalse(it.hasNext());
    } finally {
      gate.set();
    }
  }

  @Test
  void shouldReturnFromAwaitAsReturnWhenSays() throws Exception {
    Event gate = ctx.event();
    try {
      var slow = pool.submit(awaiting(gate, "slow"));
      var quick = pool.submit(() -> "quick");
      var first = Futures.await(List.of(slow, quick), LONG_WAIT, Futures.ReturnWhen.FIRST_COMPLETED);
      assertEquals(List.of(quick), first.done());
      assertEquals(List.of(slow), first.notDone());

      CompletableFuture<String> failing = pool.submit(() -> {
        throw new IllegalStateException("first exception");
      });
      var firstError = Futures.await(List.of(slow, failing), LONG_WAIT, Futures.ReturnWhen.FIRST_EXCEPTION);
      assertEquals(List.of(failing), firstError.done());
      assertEquals(List.of(slow), firstError.notDone());

      var timedOut = Futures.await(List.of(slow, quick), Duration.ofMillis(100), Futures.ReturnWhen.ALL_COMPLETED);
      assertEquals(List.of(quick), timedOut.done());
      assertEquals(List.of(slow), timedOut.notDone());

      gate.set();
      var all = Futures.await(List.of(slow, quick, failing), null, Futures.ReturnWhen.ALL_COMPLETED);
      assertEquals(Set.of(slow, quick, failing), new HashSet<>(all.done()));
      assertEquals(List.of(), all.notDone());
      var noError = Futures.await(List.of(slow, quick), LONG_WAIT, Futures.ReturnWhen.FIRST_EXCEPTION);
      assertEquals(2, noError.done().size(), "without a failure, FIRST_EXCEPTION waits for all");
    } finally {
      gate.set();
    }
  }

  // ---- interrupts ----

  @Test
  void shouldReturnPromptlyWhenThreadBlockedInMapIsInterrupted() throws Exception {
    SharedLong started = ctx.sharedLong(0);
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread caller = Thread.ofPlatform().name("map-caller").start(() -> {
      try {
        outcome.set(pool.map(x -> {
          started.addAndGet(1);
          Thread.sleep(120_000);
          return x;
        }, range(4), 1));
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    awaitCondition("both workers running map items", () -> started.get() >= 2);
    long begin = System.nanoTime();
    caller.interrupt();
    caller.join(LONG_WAIT);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    assertFalse(caller.isAlive(), "map did not return after the interrupt");
    assertInstanceOf(InterruptedException.class, outcome.get());
    assertTrue(millis < 5000, "map took " + millis + " ms to return after the interrupt");
    assertEquals(3, result(pool.submit(() -> 3)), "the pool works after an interrupted map");
    assertEquals(2, result(pool.submit(() -> 2)));
  }
}

package dev.multitask.pool;

import static dev.multitask.pool.PoolTesting.LONG_WAIT;
import static dev.multitask.pool.PoolTesting.awaiting;
import static dev.multitask.pool.PoolTesting.failure;
import static dev.multitask.pool.PoolTesting.meeting;
import static dev.multitask.pool.PoolTesting.pid;
import static dev.multitask.pool.PoolTesting.range;
import static dev.multitask.pool.PoolTesting.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Action;
import dev.multitask.Fn;
import dev.multitask.Task;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * How a pool runs its workers and ends: join before close, close finishing queued tasks, terminate
 * cancelling them, the queue policies, recycling after {@code maxTasksPerWorker}, initializers (one
 * that fails included), and the timeline of where each task ran; run over every backend by {@link
 * PoolContractTest}. Tests of options or of a pool's end make a small pool of their own.
 *
 * <p>Task bodies come from static methods or lambdas that capture only numbers, events and shared
 * values, never the test instance, so that they travel to worker JVMs.
 */
abstract class WorkerContract extends PoolContractPart {
  /** Set by a worker's initializer in the thread that then runs the worker's tasks. */
  private static final ThreadLocal<Boolean> INITIALIZED = ThreadLocal.withInitial(() -> false);

  // ---- bodies (static: lambdas capture nothing but their arguments) ----

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

  // ---- lifecycle ----

  /**
   * A pool starts all its workers at once: {@code pool(100000)} of processes or platform threads is
   * refused, naming the size and the limit; a pool of virtual threads has no limit.
   */
  @Test
  void pool_beyondTheBackendsLimit_isRefusedNamingSizeAndLimit() throws Exception {
    if (backend().workersAreVirtualThreads()) {
      try (Pool many = ctx.pool(PoolOptions.MAX_THREAD_WORKERS + 1)) {
        assertEquals(List.of(0, 1, 4), many.map(x -> x * x, List.of(0, 1, 2)));
      }
      return;
    }
    long before = ProcessHandle.current().children().count();
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> ctx.pool(100_000));
    assertTrue(refused.getMessage().contains("of 100000 workers"), refused.getMessage());
    // processes: per CPU, and lower on a machine short of memory, which the message then says
    String limit =
        workersAreProcesses()
            ? PoolOptions.PROCESS_WORKERS_PER_CPU + " per CPU"
            : "at most " + PoolOptions.MAX_THREAD_WORKERS;
    assertTrue(refused.getMessage().contains(limit), refused.getMessage());
    assertTrue(
        ProcessHandle.current().children().count() <= before + 2,
        "workers started for a refused pool");
    assertThrows(IllegalArgumentException.class, () -> ctx.pool(PoolOptions.workers(100_000)));
  }

  @Test
  void join_beforeClose_throwsIllegalState() {
    assertThrows(IllegalStateException.class, pool::join);
  }

  @Test
  void close_finishesQueuedTasksThenRejects() throws Exception {
    Pool one = ctx.pool(1);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int value = i;
      futures.add(
          one.submit(
              () -> {
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
  void terminate_cancelsQueuedAndRunningTasks() throws Exception {
    Pool one = ctx.pool(1);
    Event started = ctx.event();
    var running =
        one.submit(
            () -> {
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
    assertTrue(
        System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(30),
        "terminate() waited for the running task");
    assertTrue(running.isCancelled(), "running task: " + running);
    queued.forEach(f -> assertTrue(f.isCancelled(), "queued task: " + f));
    one.join();
    assertThrows(RejectedExecutionException.class, () -> one.submit(() -> 1));
    one.terminate(); // idempotent
  }

  /**
   * Python's {@code executor.shutdown(cancel_futures=True)}: the queued tasks are cancelled and
   * never run, the running one finishes, and the call waits for it.
   */
  @Test
  void shutdown_cancellingFutures_cancelsQueuedTasksAndWaitsForTheRunningOne() throws Exception {
    Pool one = ctx.pool(1);
    Event started = ctx.event();
    Event gate = ctx.event();
    SharedLong ran = ctx.sharedLong(0);
    try {
      var running =
          one.submit(
              () -> {
                started.set();
                ran.addAndGet(1);
                return gate.await(LONG_WAIT) ? "finished" : "the gate never opened";
              });
      assertTrue(started.await(LONG_WAIT), "the first task never started");
      List<CompletableFuture<Long>> queued = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        queued.add(one.submit(() -> ran.addAndGet(1)));
      }
      Thread closer = Thread.ofPlatform().start(() -> one.shutdown(true));
      PoolTesting.awaitCondition(
          "the queued tasks are cancelled",
          () -> queued.stream().allMatch(CompletableFuture::isCancelled));
      assertTrue(closer.isAlive(), "shutdown returned while a task ran");
      assertThrows(RejectedExecutionException.class, () -> one.submit(() -> 1));
      gate.set();
      closer.join(LONG_WAIT.toMillis());
      assertTrue(!closer.isAlive(), "shutdown did not return once the running task ended");
      assertEquals("finished", running.getNow(null));
      assertEquals(1, ran.get(), "a cancelled task ran");
      one.shutdown(true); // idempotent
    } finally {
      gate.set();
      one.close();
    }
  }

  /** Python's {@code executor.map(fn, items, timeout=t)}: a map that takes longer gives up. */
  @Test
  void map_withTimeout_givesUpWhenAResultIsLate() throws Exception {
    Event gate = ctx.event();
    try {
      Fn<Integer, Integer> gated =
          x -> {
            if (x == 2 && !gate.await(LONG_WAIT)) {
              throw new TimeoutException("the test never opened the gate");
            }
            return x * 10;
          };
      long start = System.nanoTime();
      TimeoutException e =
          assertThrows(
              TimeoutException.class, () -> pool.map(gated, range(3), Duration.ofMillis(300)));
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200), "gave up early");
      assertTrue(e.getMessage().contains("gave up after PT0.3S"), e.getMessage());
      gate.set();
      assertEquals(List.of(0, 10, 20), pool.map(gated, range(3), LONG_WAIT));
      assertEquals(List.of(), pool.map(gated, range(0), Duration.ZERO));
      assertThrows(
          IllegalArgumentException.class, () -> pool.map(gated, range(1), Duration.ofSeconds(-1)));
    } finally {
      gate.set();
    }
  }

  // ---- queue policies ----

  /**
   * One worker held by a gated task while ranks 5, 1, 4, 2, 3 queue up; returns the order they ran
   * in.
   */
  private List<Object> runOrder(QueuePolicy policy) throws Exception {
    Event gate = ctx.event();
    try (Pool one = ctx.pool(PoolOptions.workers(1).policy(policy))) {
      Map<Long, Long> rankOfTask =
          new HashMap<>(); // the pool numbers its tasks 1, 2, ... as submitted
      try {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        futures.add(one.submit(awaiting(gate, 0L), Long.MIN_VALUE));
        rankOfTask.put(1L, 0L);
        long task = 2;
        for (long rank : new long[] {5, 1, 4, 2, 3}) {
          futures.add(one.submit(() -> rank, rank));
          rankOfTask.put(task++, rank);
        }
        gate.set();
        for (var f : futures) {
          result(f);
        }
      } finally {
        gate.set(); // before close(), which would wait for the gated task
      }
      // one worker runs them one after another: the timeline's start times give the order (the
      // futures' callbacks would not: a thread waiting in get() may run a callback late)
      return one.timeline().entries().stream()
          .sorted(java.util.Comparator.comparingLong(Timeline.Entry::startNanos))
          .map(e -> (Object) rankOfTask.get(e.task()))
          .toList();
    }
  }

  @Test
  void priorityPolicy_runsLowestPriorityFirst() throws Exception {
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), runOrder(QueuePolicy.PRIORITY));
  }

  @Test
  void shortestJobFirstPolicy_runsCheapestFirst() throws Exception {
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), runOrder(QueuePolicy.SHORTEST_JOB_FIRST));
  }

  @Test
  void firstComeFirstServedPolicy_ignoresRanks() throws Exception {
    assertEquals(List.of(0L, 5L, 1L, 4L, 2L, 3L), runOrder(QueuePolicy.FIRST_COME_FIRST_SERVED));
  }

  /** A kind of task that takes long: one lambda expression is one kind. */
  static Task<String> slowKind() {
    return () -> {
      Thread.sleep(250);
      return "slow";
    };
  }

  /** A kind of task that takes next to nothing. */
  static Task<String> quickKind() {
    return () -> "quick";
  }

  /**
   * Plain submits (no rank) of a slow and a quick kind, each kind run twice before so the pool can
   * measure it, queue up as slow, quick, slow, quick behind a gated task; returns the order they
   * ran in.
   */
  private List<String> plainSubmitOrder(QueuePolicy policy) throws Exception {
    Event gate = ctx.event();
    try (Pool one = ctx.pool(PoolOptions.workers(1).policy(policy))) {
      try {
        for (int i = 0; i < 2; i++) { // tasks 1 to 4
          result(one.submit(slowKind()));
          result(one.submit(quickKind()));
        }
        List<CompletableFuture<String>> futures = new ArrayList<>();
        futures.add(one.submit(awaiting(gate, "gate"), Long.MIN_VALUE)); // task 5
        for (int i = 0; i < 2; i++) { // tasks 6 to 9
          futures.add(one.submit(slowKind()));
          futures.add(one.submit(quickKind()));
        }
        gate.set();
        for (var f : futures) {
          result(f);
        }
      } finally {
        gate.set();
      }
      List<String> kinds = List.of("gate", "slow", "quick", "slow", "quick");
      return one.timeline().entries().stream()
          .filter(e -> e.task() >= 5)
          .sorted(java.util.Comparator.comparingLong(Timeline.Entry::startNanos))
          .map(e -> kinds.get((int) e.task() - 5))
          .toList();
    }
  }

  @Test
  void shortestJobFirst_plainSubmits_runInTheOrderOfTheirKindsLearnedRunTimes() throws Exception {
    assertEquals(
        List.of("gate", "quick", "quick", "slow", "slow"),
        plainSubmitOrder(QueuePolicy.SHORTEST_JOB_FIRST));
  }

  /** The same tasks under PRIORITY: no rank is rank 0 for all, so they keep submission order. */
  @Test
  void priority_plainSubmits_keepSubmissionOrderWhateverTheirRunTimes() throws Exception {
    assertEquals(
        List.of("gate", "slow", "quick", "slow", "quick"), plainSubmitOrder(QueuePolicy.PRIORITY));
  }

  /** A cost hint competes with the learned run times: a hint of 1 ns runs before the quick kind. */
  @Test
  void shortestJobFirst_costHint_competesWithLearnedRunTimes() throws Exception {
    Event gate = ctx.event();
    try (Pool one = ctx.pool(PoolOptions.workers(1).policy(QueuePolicy.SHORTEST_JOB_FIRST))) {
      try {
        result(one.submit(slowKind())); // task 1
        result(one.submit(quickKind())); // task 2
        List<CompletableFuture<String>> futures = new ArrayList<>();
        futures.add(one.submit(awaiting(gate, "gate"), Long.MIN_VALUE)); // task 3
        futures.add(one.submit(slowKind())); // task 4: about 250 ms
        futures.add(one.submit(quickKind())); // task 5: well under 250 ms
        futures.add(one.submit(slowKind(), 1)); // task 6: hinted 1 ns
        futures.add(one.submit(slowKind(), java.time.Duration.ofHours(1).toNanos())); // task 7
        gate.set();
        for (var f : futures) {
          result(f);
        }
      } finally {
        gate.set();
      }
      List<Long> order =
          one.timeline().entries().stream()
              .filter(e -> e.task() >= 3)
              .sorted(java.util.Comparator.comparingLong(Timeline.Entry::startNanos))
              .map(Timeline.Entry::task)
              .toList();
      assertEquals(List.of(3L, 6L, 5L, 4L, 7L), order);
    }
  }

  // ---- recycling and initializers ----

  /** A worker is replaced, and the replacement initialized, after maxTasksPerWorker tasks. */
  @Test
  void worker_afterMaxTasks_isRecycled() throws Exception {
    SharedLong inits = ctx.sharedLong(0);
    List<Long> pids = new ArrayList<>();
    try (Pool one =
        ctx.pool(
            PoolOptions.workers(1).maxTasksPerWorker(2).initializer(countingInitializer(inits)))) {
      for (int i = 0; i < 6; i++) {
        pids.add(result(one.submit(pid())));
      }
    }
    assertTrue(
        inits.get() >= 3,
        "6 tasks, 2 per worker, but the initializer ran " + inits.get() + " times");
    if (workersAreProcesses()) { // each worker is a JVM of its own
      assertEquals(pids.get(0), pids.get(1), pids.toString());
      assertEquals(pids.get(2), pids.get(3), pids.toString());
      assertEquals(pids.get(4), pids.get(5), pids.toString());
      assertEquals(3, new HashSet<>(pids).size(), pids.toString());
    } else { // a worker is the slot's thread in this JVM: recycling is seen only through the
      // initializer
      assertEquals(Set.of(ProcessHandle.current().pid()), new HashSet<>(pids));
    }
  }

  @Test
  void initializer_runsOncePerWorkerBeforeItsTasks() throws Exception {
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
    assertEquals(
        2,
        inits.get(),
        "2 workers, never replaced, but the initializer ran " + inits.get() + " times");
  }

  @Test
  void initializer_fails_failsTasksWithItsErrorInsteadOfHanging() throws Exception {
    try (Pool one =
        ctx.pool(
            PoolOptions.workers(1)
                .initializer(
                    () -> {
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

  // ---- timeline ----

  @Test
  void timeline_recordsEveryTaskWithWorkerAndPid() throws Exception {
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
}

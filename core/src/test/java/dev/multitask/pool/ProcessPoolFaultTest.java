package dev.multitask.pool;

import static dev.multitask.pool.PoolTesting.failure;
import static dev.multitask.pool.PoolTesting.meeting;
import static dev.multitask.pool.PoolTesting.pid;
import static dev.multitask.pool.PoolTesting.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Fn;
import dev.multitask.Multitask;
import dev.multitask.Task;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What a process pool does when its workers die: SIGKILL at random during many tasks, a task that
 * calls {@code System.exit}, a task that keeps killing its worker (quarantine), {@code
 * cancel(true)} and deadlines that kill a worker. One pool of two workers serves every test; each
 * test leaves it working, which is the point.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProcessPoolFaultTest {
  private static final Duration LONG_WAIT = Duration.ofSeconds(60);

  private Context ctx;
  private Pool pool;

  @BeforeAll
  void open() {
    ctx = Multitask.processes();
    pool = ctx.pool(2);
  }

  @AfterAll
  void close() {
    try {
      pool.close();
    } finally {
      ctx.close();
    }
  }

  // ---- bodies (static: lambdas capture nothing but their arguments; one body, one quarantine key)
  // ----

  static Task<Integer> echo(int i) {
    return () -> i;
  }

  /** Kills its own worker with exit code 7, as a crash would. */
  static Task<Integer> halting() {
    return () -> {
      Runtime.getRuntime().halt(7);
      return 0;
    };
  }

  /** Publishes its worker's pid, then sleeps until stopped. */
  static Task<Integer> publishingPidThenSleeping(SharedLong pid) {
    return () -> {
      pid.set(ProcessHandle.current().pid());
      Thread.sleep(Long.MAX_VALUE);
      return 0;
    };
  }

  /**
   * As {@link #publishingPidThenSleeping}, but ignores SIGTERM first ({@code signal(SIGTERM,
   * SIG_IGN)} through FFM): workers run with {@code -Xrs}, so nothing short of that outlives a
   * SIGTERM.
   */
  @SuppressWarnings("restricted") // linking signal(2) in the worker is what this body is for
  static Task<Integer> ignoringSigterm(SharedLong pid) {
    return () -> {
      Linker linker = Linker.nativeLinker();
      MethodHandle signal =
          linker.downcallHandle(
              linker.defaultLookup().find("signal").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
      MemorySegment previous;
      try {
        previous = (MemorySegment) signal.invokeExact(15, MemorySegment.ofAddress(1)); // SIG_IGN
      } catch (Throwable t) {
        throw new IllegalStateException("signal(SIGTERM, SIG_IGN) could not be called", t);
      }
      if (previous.address() == -1) { // SIG_ERR
        throw new IllegalStateException("signal(SIGTERM, SIG_IGN) failed");
      }
      pid.set(ProcessHandle.current().pid());
      Thread.sleep(Long.MAX_VALUE);
      return 0;
    };
  }

  /** Publishes its worker's pid in {@code lastPid}, sleeps a millisecond, returns twice x. */
  static Fn<Integer, Integer> doublingSlowly(SharedLong lastPid) {
    return x -> {
      lastPid.set(ProcessHandle.current().pid());
      Thread.sleep(1);
      return 2 * x;
    };
  }

  /** Counts each item's runs in {@code runs}; halts its worker (exit code 7) on {@code poison}. */
  static Fn<Integer, Integer> haltingOn(int poison, SharedLongArray runs) {
    return x -> {
      runs.addAndGet(x, 1);
      if (x == poison) {
        Runtime.getRuntime().halt(7);
      }
      return x;
    };
  }

  // ---- helpers ----

  private static long awaitPid(SharedLong pid) throws InterruptedException {
    PoolTesting.awaitCondition("the task to publish its pid", () -> pid.get() != 0);
    return pid.get();
  }

  /**
   * Waits until process {@code pid} has ended and the pool has reaped it (a zombie counts as
   * alive).
   */
  private static void awaitGone(long pid) throws InterruptedException {
    PoolTesting.awaitCondition(
        "process " + pid + " to end and be reaped",
        () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  /** The pids of both workers, from two tasks that must run at the same time. */
  private Set<Long> bothWorkerPids() throws Exception {
    SharedLong arrived = ctx.sharedLong(0);
    var a = pool.submit(meeting(arrived, 2));
    var b = pool.submit(meeting(arrived, 2));
    Set<Long> pids = Set.of(result(a), result(b));
    assertEquals(2, pids.size(), "two tasks ran at once on " + pids);
    return pids;
  }

  private long outcomes(String outcome) {
    return pool.timeline().entries().stream().filter(e -> e.outcome().equals(outcome)).count();
  }

  // ---- tests ----

  /**
   * 10 000 tasks, SIGKILL of a random worker now and then: every task completes with its own result
   * or fails with WorkerDiedException; none is lost, none gets another's result.
   */
  @Test
  void randomWorkersKilled_everyTaskIsAccountedFor() throws Exception {
    int n = 10_000;
    int kills = 6;
    long seed = System.nanoTime();
    AtomicInteger finished = new AtomicInteger();
    List<CompletableFuture<Integer>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      CompletableFuture<Integer> f = pool.submit(echo(i));
      f.whenComplete((r, e) -> finished.incrementAndGet());
      futures.add(f);
    }
    Set<Long> killed = ConcurrentHashMap.newKeySet();
    Thread killer =
        Thread.ofPlatform()
            .name("worker-killer")
            .start(
                () -> {
                  Random random = new Random(seed);
                  long self = ProcessHandle.current().pid();
                  try {
                    while (killed.size() < kills && finished.get() < n) {
                      // at points spread over the run by its progress, not by the clock: on a quiet
                      // machine
                      // the 10 000 tasks take a fraction of a second
                      int due =
                          (killed.size() + 1) * n / (kills + 2)
                              + random.nextInt(n / (2 * (kills + 2)));
                      while (finished.get() < due && finished.get() < n) {
                        Thread.sleep(1);
                      }
                      List<Timeline.Entry> entries = pool.timeline().entries();
                      List<Long> recent =
                          entries.subList(Math.max(0, entries.size() - 20), entries.size()).stream()
                              .filter(e -> e.outcome().equals("ok"))
                              .map(Timeline.Entry::pid)
                              .filter(pid -> pid != self && !killed.contains(pid))
                              .distinct()
                              .toList();
                      if (recent.isEmpty()) {
                        Thread.sleep(
                            5); // both workers were just killed: wait for a replacement's first
                        // task
                        continue;
                      }
                      long victim = recent.get(random.nextInt(recent.size()));
                      if (ProcessHandle.of(victim)
                          .map(ProcessHandle::destroyForcibly)
                          .orElse(false)) {
                        killed.add(victim);
                      }
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    int ok = 0;
    int died = 0;
    for (int i = 0; i < n; i++) {
      CompletableFuture<Integer> f = futures.get(i);
      try {
        f.get(120, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        // counted below
      }
      if (!f.isCompletedExceptionally()) {
        assertEquals(i, f.getNow(-1), "task " + i + " got another task's result");
        ok++;
      } else {
        Throwable cause = f.exceptionNow();
        WorkerDiedException death =
            assertInstanceOf(WorkerDiedException.class, cause, "task " + i + ", seed " + seed);
        assertFalse(
            death instanceof TaskQuarantinedException,
            "task " + i + " quarantined: " + death.getMessage());
        assertTrue(
            killed.contains(death.pid()),
            "task " + i + " died with a worker the test did not kill: " + death);
        assertEquals(-9, death.exitCode(), death.getMessage());
        died++;
      }
    }
    killer.join(LONG_WAIT.toMillis());
    System.out.printf(
        "10 000 tasks, %d workers killed (seed %d): %d completed, %d failed with WorkerDiedException%n",
        killed.size(), seed, ok, died);
    assertEquals(n, ok + died);
    assertTrue(
        killed.size() >= 3, "only " + killed.size() + " kills happened during the run: " + killed);
    // no floor on deaths: a worker killed between tasks had begun none of the ones it held, and
    // those run again on its replacement (see the test of tasks sent as a worker died)
    assertEquals(
        List.of(0, 1, 4, 9),
        pool.map(x -> x * x, List.of(0, 1, 2, 3)),
        "the pool works after the kills");
    Set<Long> now = bothWorkerPids();
    now.forEach(
        pid -> assertFalse(killed.contains(pid), "a killed worker " + pid + " still serves"));
  }

  /**
   * Workers SIGKILLed from outside while a chunked map runs (here, the worker that began an item
   * last, every 300 ms): the map still returns every item's result, and nothing is quarantined. The
   * items that ran in a killed worker, and those after them in its chunk, run again.
   */
  @Test
  void map_chunkedWhileWorkersAreKilledFromOutside_returnsEveryResult() throws Exception {
    int n = 10_000;
    int kills = 5;
    SharedLong lastPid = ctx.sharedLong(0);
    Fn<Integer, Integer> fn = doublingSlowly(lastPid);
    try (Pool four = ctx.pool(4)) {
      assertEquals(List.of(0, 2), four.map(fn, List.of(0, 1)));
      CompletableFuture<List<Integer>> mapping = four.mapAsync(fn, PoolTesting.range(n), n / 16);
      Set<Long> killed = new HashSet<>();
      while (killed.size() < kills && !mapping.isDone()) {
        Thread.sleep(300);
        long victim = lastPid.get();
        if (!killed.contains(victim)
            && ProcessHandle.of(victim).map(ProcessHandle::destroyForcibly).orElse(false)) {
          killed.add(victim);
        }
      }
      List<Integer> results = mapping.get(LONG_WAIT.toSeconds() * 2, TimeUnit.SECONDS);
      assertEquals(
          kills,
          killed.size(),
          "the map ended before the test had killed " + kills + " workers: " + killed);
      assertEquals(n, results.size());
      for (int i = 0; i < n; i++) {
        assertEquals(2 * i, results.get(i), "item " + i);
      }
      long died =
          four.timeline().entries().stream().filter(e -> e.outcome().equals("worker died")).count();
      System.out.printf(
          "a map of %d items in 16 chunks, %d workers killed from outside: %d chunk runs ended"
              + " with their worker, every result arrived%n",
          n, kills, died);
      assertTrue(died >= 1, "no kill came while a chunk ran: " + four.timeline().entries());
      assertEquals(
          List.of(0, 2, 4), four.map(fn, List.of(0, 1, 2)), "the function is not quarantined");
    }
  }

  /**
   * An item that kills its worker itself (Runtime.halt) runs again on other workers until it has
   * killed {@value TaskQuarantinedException#KILLS}; then it is quarantined, and the map fails
   * naming it exactly. The other items of its chunk run, and its function is not quarantined.
   */
  @Test
  void map_itemThatKillsItsWorkerItself_isQuarantinedByIndex_andItsChunkSiblingsRun()
      throws Exception {
    SharedLongArray runs = ctx.sharedLongArray(100);
    Fn<Integer, Integer> fn = haltingOn(37, runs);
    MapFailedException failed =
        assertThrows(MapFailedException.class, () -> pool.map(fn, PoolTesting.range(100), 10));
    assertEquals(37, failed.index(), failed.getMessage());
    TaskQuarantinedException quarantined =
        assertInstanceOf(TaskQuarantinedException.class, failed.getCause());
    WorkerDiedException last = assertInstanceOf(WorkerDiedException.class, quarantined.getCause());
    assertEquals(7, last.exitCode(), last.getMessage());
    assertTrue(last.getMessage().contains("map item 37"), last.getMessage());
    assertEquals(
        TaskQuarantinedException.KILLS, runs.get(37), "item 37 ran until it had killed 3 workers");
    PoolTesting.awaitCondition(
        "every other item to run",
        () -> {
          for (int i = 0; i < 100; i++) {
            if (i != 37 && runs.get(i) == 0) {
              return false;
            }
          }
          return true;
        });
    assertEquals(
        List.of(36, 38, 39),
        pool.map(fn, List.of(36, 38, 39)),
        "the function itself is not quarantined");
  }

  /** A chunk past its deadline fails naming the item it was running, not the chunk's first. */
  @Test
  void map_chunkPastItsDeadline_failsNamingTheItemThatRan() throws Exception {
    try (Pool timed = ctx.pool(PoolOptions.workers(1).deadline(Duration.ofSeconds(2)))) {
      Fn<Integer, Integer> fn =
          x -> {
            if (x == 13) {
              Thread.sleep(120_000);
            }
            return x;
          };
      MapFailedException failed =
          assertThrows(MapFailedException.class, () -> timed.map(fn, PoolTesting.range(20), 10));
      assertEquals(13, failed.index(), failed.getMessage());
      assertInstanceOf(TaskTimeoutException.class, failed.getCause());
    }
  }

  @Test
  void task_callingSystemExit_reportsExitCodeAndStderrTail() throws Exception {
    var exiting =
        pool.submit(
            () -> {
              System.err.println("leaving with code 3");
              System.exit(3);
              return 0;
            });
    WorkerDiedException death = assertInstanceOf(WorkerDiedException.class, failure(exiting));
    assertEquals(3, death.exitCode(), death.getMessage());
    assertTrue(death.signal().isEmpty(), death.getMessage());
    assertTrue(death.stderrTail().contains("leaving with code 3"), death.stderrTail());
    assertTrue(death.getMessage().contains("exited with code 3"), death.getMessage());
    assertTrue(death.getMessage().contains("leaving with code 3"), death.getMessage());
    assertEquals(42, result(pool.submit(() -> 42)));
  }

  /**
   * A code that killed 3 workers in a row fails at once, without a worker, until the quarantine is
   * lifted.
   */
  @Test
  void task_thatKilledThreeWorkers_isQuarantined() throws Exception {
    long deathsAtStart = outcomes("worker died");
    for (int i = 1; i <= TaskQuarantinedException.KILLS; i++) {
      Throwable cause = failure(pool.submit(halting()));
      WorkerDiedException death = assertInstanceOf(WorkerDiedException.class, cause);
      assertFalse(
          death instanceof TaskQuarantinedException, "quarantined after " + (i - 1) + " deaths");
      assertEquals(7, death.exitCode());
    }
    // a slot records a death just after failing the task's future: wait for the third record
    PoolTesting.awaitCondition(
        "3 deaths in the timeline", () -> outcomes("worker died") >= deathsAtStart + 3);
    long deathsBefore = outcomes("worker died");
    long quarantinedBefore = outcomes("quarantined");
    long begin = System.nanoTime();
    Throwable cause = failure(pool.submit(halting()));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    TaskQuarantinedException quarantined = assertInstanceOf(TaskQuarantinedException.class, cause);
    assertInstanceOf(
        WorkerDiedException.class, quarantined.getCause(), "the last death is the cause");
    assertTrue(quarantined.getMessage().contains("releaseQuarantine"), quarantined.getMessage());
    PoolTesting.awaitCondition(
        "the quarantined task's record", () -> outcomes("quarantined") > quarantinedBefore);
    assertEquals(
        deathsBefore, outcomes("worker died"), "the quarantined task ran and killed a worker");
    System.out.println("quarantined task failed in " + millis + " ms");
    assertEquals(5, result(pool.submit(() -> 5)), "other code still runs");

    pool.releaseQuarantine();
    Throwable again = failure(pool.submit(halting()));
    assertInstanceOf(WorkerDiedException.class, again);
    assertFalse(
        again instanceof TaskQuarantinedException,
        "still quarantined after releaseQuarantine(): " + again);
    pool.releaseQuarantine();
    bothWorkerPids();
  }

  /** Writes on its worker's control pipe the head of a RESULT frame saying 1 GiB, then sleeps. */
  static Task<Integer> claimingAGibibyteFrame() {
    return () -> {
      try (var out =
          new java.io.DataOutputStream(new java.io.FileOutputStream("/proc/self/fd/4"))) {
        out.writeInt(1 << 30);
        out.writeByte(11); // RESULT
      }
      Thread.sleep(120_000);
      return 0;
    };
  }

  /**
   * A worker that states a frame over the limit (a RESULT head claiming 1 GiB, written on its
   * control pipe by the task) is killed before anything is allocated for it; the task fails naming
   * the size and the limit, and the pool goes on.
   */
  @Test
  void task_whoseWorkerStatesAFrameOverTheLimit_failsNamingSizeAndLimit() throws Exception {
    var claiming = pool.submit(claimingAGibibyteFrame());
    WorkerDiedException death = assertInstanceOf(WorkerDiedException.class, failure(claiming));
    assertTrue(death.getMessage().contains("a frame of 1073741824 bytes"), death.getMessage());
    assertTrue(death.getMessage().contains("more than the " + (256 << 20)), death.getMessage());
    assertEquals(-9, death.exitCode(), death.getMessage());
    assertEquals(6, result(pool.submit(() -> 6)), "the pool goes on");
  }

  /** Allocates until its heap runs out, holding nothing once the error is thrown. */
  static Task<Integer> exhaustingTheHeap() {
    return () -> {
      List<long[]> held = new ArrayList<>();
      while (true) {
        held.add(new long[1 << 16]);
      }
    };
  }

  /**
   * A worker whose task threw OutOfMemoryError may be left in any state: the task fails with the
   * error, and the worker is replaced; the tasks queued behind it run on the replacement.
   */
  @Test
  void outOfMemoryError_inTask_failsItAndReplacesItsWorker() throws Exception {
    try (Pool small = ctx.pool(PoolOptions.workers(1).maxHeapMegabytes(64))) {
      long before = result(small.submit(() -> ProcessHandle.current().pid()));
      for (int i = 0; i < 30; i++) {
        result(small.submit(() -> 0)); // short tasks: the worker may then be handed tasks ahead
      }
      CompletableFuture<Integer> exhausting = small.submit(exhaustingTheHeap());
      List<CompletableFuture<Long>> behind = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        behind.add(small.submit(() -> ProcessHandle.current().pid()));
      }
      assertInstanceOf(OutOfMemoryError.class, failure(exhausting));
      for (CompletableFuture<Long> f : behind) {
        assertNotEquals(
            before, result(f), "a task queued behind ran on the worker that ran out of memory");
      }
      assertNotEquals(
          before,
          result(small.submit(() -> ProcessHandle.current().pid())),
          "the worker was replaced");
    }
  }

  @Test
  void cancelTrue_ofRunningTask_killsItsWorker() throws Exception {
    SharedLong running = ctx.sharedLong(0);
    var sleeping = pool.submit(publishingPidThenSleeping(running));
    long victim = awaitPid(running);
    assertTrue(sleeping.cancel(true));
    awaitGone(victim);
    Set<Long> pids = bothWorkerPids();
    assertFalse(pids.contains(victim), "the cancelled task's worker " + victim + " still serves");
  }

  @Test
  void stuckTask_atDeadline_isKilledAndPoolGoesOn() throws Exception {
    SharedLong running = ctx.sharedLong(0);
    var stuck = pool.submit(publishingPidThenSleeping(running), Duration.ofSeconds(1));
    long victim = awaitPid(running);
    assertInstanceOf(TaskTimeoutException.class, failure(stuck));
    awaitGone(victim);
    assertEquals(1, result(pool.submit(() -> 1)));
    assertFalse(bothWorkerPids().contains(victim));
  }

  /**
   * A task that ignores SIGTERM: past its deadline the pool follows up with SIGKILL after a grace
   * period.
   */
  @Test
  void taskIgnoringSigterm_atDeadline_isKilled() throws Exception {
    SharedLong running = ctx.sharedLong(0);
    var stuck = pool.submit(ignoringSigterm(running), Duration.ofSeconds(1));
    long victim = awaitPid(running);
    assertInstanceOf(TaskTimeoutException.class, failure(stuck));
    long begin = System.nanoTime();
    awaitGone(victim);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    System.out.println(
        "a worker ignoring SIGTERM was gone " + millis + " ms after its task's deadline");
    assertTrue(millis >= 500, "gone after " + millis + " ms: did it ignore SIGTERM at all?");
    assertEquals(2, result(pool.submit(() -> 2)));
  }

  @Test
  void idleWorkerKilled_nextTaskIsServed() throws Exception {
    Set<Long> before = bothWorkerPids();
    long victim = before.iterator().next();
    ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
    awaitGone(victim);
    long begin = System.nanoTime();
    Set<Long> after = bothWorkerPids();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    System.out.println(
        "after SIGKILL of an idle worker, both workers served again in " + millis + " ms");
    assertFalse(after.contains(victim));
    Set<Long> kept = new HashSet<>(before);
    kept.remove(victim);
    assertTrue(
        after.containsAll(kept), "the other worker was replaced too: " + before + " -> " + after);
    assertNotEquals(before, after);
  }

  /**
   * Tasks sent in the moments of a worker's death, before the pool has seen it, never began there:
   * they run on the replacement instead of failing with the dead worker.
   */
  @Test
  void task_workerDiedBeforeBeginningIt_runsOnAnotherWorker() throws Exception {
    try (Pool single = ctx.pool(1)) {
      for (int round = 0; round < 5; round++) {
        long victim = result(single.submit(() -> ProcessHandle.current().pid()));
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
        long ranOn = result(single.submit(() -> ProcessHandle.current().pid())); // sent at once
        assertNotEquals(victim, ranOn, "round " + round + ": it ran on the replacement");
      }
    }
  }
}

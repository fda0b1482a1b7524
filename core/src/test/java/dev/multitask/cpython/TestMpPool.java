package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.LONG;
import static dev.multitask.cpython.Waits.since;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.multitask.Fn;
import dev.multitask.StandInException;
import dev.multitask.Task;
import dev.multitask.pool.MapFailedException;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * Port of {@code Lib/test/_test_multiprocessing.py}, classes {@code _TestPool}, {@code
 * _TestPoolWorkerErrors} and {@code _TestPoolWorkerLifetime}, with one pool of four workers for the
 * class as CPython has. Python's {@code apply} is {@code submit(..).get()}, {@code starmap} a map
 * over records, {@code map_async} {@code mapAsync}, {@code multiprocessing.TimeoutError} {@link
 * TimeoutException}. Differs on purpose: a failed item's exception arrives in a {@link
 * MapFailedException} naming its index; an input whose iterator throws ends imap after the items
 * read before it, those of its chunk included (CPython drops that chunk); {@code
 * maxTasksPerWorker(0)} means no limit (Python's {@code None}; its {@code 0} is an error); leaving
 * a {@code try} closes a pool (CPython's {@code with} terminates). Not ported: reference counting
 * ({@code test_release_task_refs}), {@code ResourceWarning}, re-entering a pool, worker
 * finalization at interpreter exit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TestMpPool extends PortPart {
  static final Duration TIMEOUT1 = Duration.ofMillis(100);
  static final Duration TIMEOUT2 = Duration.ofMillis(200);
  Pool pool;

  @BeforeAll
  void makePool() {
    pool = ctx().pool(4);
  }

  @AfterAll
  void terminatePool() throws InterruptedException {
    pool.terminate();
    pool.join();
  }

  /** Python's {@code sqr(x, wait)}. */
  static Fn<Integer, Integer> sqr(long waitMillis) {
    return x -> {
      Thread.sleep(waitMillis);
      return x * x;
    };
  }

  static List<Integer> squares(int n) {
    return IntStream.range(0, n).map(x -> x * x).boxed().toList();
  }

  static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /** A pair for {@code starmap}. */
  record Pair(int a, int b) implements Serializable {}

  /** Python's {@code exception_throwing_generator(total, when)}. */
  record Throwing(int total, int when) implements Iterable<Integer> {
    @Override
    public Iterator<Integer> iterator() {
      if (when == -1) {
        throw new SayWhen();
      }
      return new Iterator<>() {
        int i;

        @Override
        public boolean hasNext() {
          return i < total;
        }

        @Override
        public Integer next() {
          if (i == when) {
            throw new SayWhen();
          }
          if (i >= total) {
            throw new NoSuchElementException();
          }
          return i++;
        }
      };
    }
  }

  /** Python's {@code SayWhenError}. */
  static final class SayWhen extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    SayWhen() {
      super("Somebody said when");
    }
  }

  /** test_apply. */
  @Test
  void submit_runsTheTask() throws Exception {
    assertEquals(25, pool.submit(() -> sqr(0).apply(5)).get());
    assertEquals(9, pool.submit(() -> sqr(0).apply(3)).get());
  }

  /** test_map. */
  @Test
  void map_returnsResultsInOrder() throws Exception {
    assertEquals(squares(10), pool.map(sqr(0), range(10)));
    assertEquals(squares(100), pool.map(sqr(0), range(100), 20));
  }

  private static List<Pair> pairs(int n) {
    return IntStream.range(0, n).mapToObj(i -> new Pair(i, n - 1 - i)).toList();
  }

  /** test_starmap: a map over records. */
  @Test
  void map_overPairs_isStarmap() throws Exception {
    Fn<Pair, Integer> mul = p -> p.a() * p.b();
    assertEquals(pairs(10).stream().map(p -> p.a() * p.b()).toList(), pool.map(mul, pairs(10)));
    assertEquals(
        pairs(100).stream().map(p -> p.a() * p.b()).toList(), pool.map(mul, pairs(100), 20));
  }

  /** test_starmap_async, test_map_async. */
  @Test
  void mapAsync_completesWithTheResults() throws Exception {
    Fn<Pair, Integer> mul = p -> p.a() * p.b();
    assertEquals(
        pairs(100).stream().map(p -> p.a() * p.b()).toList(),
        pool.mapAsync(mul, pairs(100)).get(LONG.toSeconds(), TimeUnit.SECONDS));
    assertEquals(
        squares(10), pool.mapAsync(sqr(0), range(10)).get(LONG.toSeconds(), TimeUnit.SECONDS));
  }

  /** test_map_async_callbacks: one callback per call, with the results or the failure. */
  @Test
  void mapAsync_callsBackWithTheResultsOrTheFailure() throws Exception {
    List<Object> callArgs = Collections.synchronizedList(new ArrayList<>());
    Fn<String, Integer> parse = Integer::parseInt;
    pool.mapAsync(parse, List.of("1"))
        .whenComplete((r, e) -> callArgs.add(r != null ? r : e))
        .handle((r, e) -> null)
        .get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(1, callArgs.size());
    assertEquals(List.of(1), callArgs.get(0));
    pool.mapAsync(parse, List.of("a"))
        .whenComplete((r, e) -> callArgs.add(r != null ? r : e))
        .handle((r, e) -> null)
        .get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(2, callArgs.size());
    MapFailedException failed = assertInstanceOf(MapFailedException.class, callArgs.get(1));
    assertEquals("java.lang.NumberFormatException", className(failed.getCause()));
  }

  private static String className(Throwable t) {
    return t instanceof StandInException r ? r.remoteClassName() : t.getClass().getName();
  }

  /**
   * test_map_unplicklable (processes). Differs on purpose: an item that cannot be serialized fails
   * in the caller, naming it, before anything is sent.
   */
  @Test
  void map_ofUnserializableItems_failsInTheCaller() {
    assumeTrue(processes(), "CPython runs it for processes only");
    List<Object> items = Collections.nCopies(10, new Object());
    Fn<Object, Integer> fn = x -> 1;
    assertThrows(IllegalArgumentException.class, () -> pool.map(fn, items));
  }

  /** test_map_chunksize: an empty map completes at once. */
  @Test
  void mapAsync_ofNothing_completesAtOnce() throws Exception {
    assertEquals(
        List.of(),
        pool.mapAsync(sqr(0), List.of(), 1).get(TIMEOUT1.toMillis() * 10, TimeUnit.MILLISECONDS));
  }

  /** test_map_handle_iterable_exception. */
  @Test
  void map_ofAThrowingInput_throwsItsException() {
    assertThrows(SayWhen.class, () -> pool.map(sqr(0), new Throwing(1, -1), 1));
    assertThrows(SayWhen.class, () -> pool.map(sqr(0), new Throwing(1, -1), 1));
    assertThrows(SayWhen.class, () -> pool.map(sqr(0), new Throwing(10, 3), 1));
  }

  /** test_async: the result after the task's wait. */
  @Test
  void applyAsync_returnsTheResultWhenItComes() throws Exception {
    CompletableFuture<Integer> res =
        pool.applyAsync(() -> sqr(TIMEOUT1.toMillis()).apply(7), r -> {}, e -> {});
    long t = System.nanoTime();
    assertEquals(49, res.get(LONG.toSeconds(), TimeUnit.SECONDS));
    assertTrue(since(t).compareTo(TIMEOUT1.plus(LONG)) < 0);
  }

  /** test_async_timeout: a get with a timeout gives up. */
  @Test
  void get_withATimeout_givesUp() throws Exception {
    Pool p = ctx().pool(3);
    try {
      CompletableFuture<Integer> res = p.submit(() -> sqr(TIMEOUT2.toMillis() + 10_000).apply(6));
      long t = System.nanoTime();
      assertThrows(
          TimeoutException.class, () -> res.get(TIMEOUT2.toMillis(), TimeUnit.MILLISECONDS));
      assertTrue(since(t).toMillis() >= TIMEOUT2.toMillis() * 6 / 10);
    } finally {
      p.terminate();
      p.join();
    }
  }

  /** test_imap. */
  @Test
  void imap_yieldsResultsInOrder() {
    assertEquals(squares(10), pool.imap(sqr(0), range(10)).toList());
    Iterator<Integer> it = pool.imap(sqr(0), range(10)).iterator();
    for (int i = 0; i < 10; i++) {
      assertEquals(i * i, it.next());
    }
    assertThrows(NoSuchElementException.class, it::next);
    it = pool.imap(sqr(0), range(1000), 100).iterator();
    for (int i = 0; i < 1000; i++) {
      assertEquals(i * i, it.next());
    }
    assertThrows(NoSuchElementException.class, it::next);
  }

  /** test_imap_handle_iterable_exception (chunked cases differ on purpose: see the class). */
  @Test
  void imap_ofAThrowingInput_yieldsTheResultsBeforeIt() {
    assertThrows(SayWhen.class, () -> pool.imap(sqr(0), new Throwing(1, -1), 1).iterator().next());
    assertThrows(SayWhen.class, () -> pool.imap(sqr(0), new Throwing(1, -1), 1).iterator().next());
    Iterator<Integer> it = pool.imap(sqr(0), new Throwing(10, 3), 1).iterator();
    for (int i = 0; i < 3; i++) {
      assertEquals(i * i, it.next());
    }
    assertThrows(SayWhen.class, it::next);
    it = pool.imap(sqr(0), new Throwing(20, 7), 2).iterator();
    for (int i = 0; i < 7; i++) { // CPython: 6 (its chunk of 6 and 7 is lost)
      assertEquals(i * i, it.next());
    }
    assertThrows(SayWhen.class, it::next);
    it = pool.imap(sqr(0), new Throwing(20, 7), 4).iterator();
    for (int i = 0; i < 7; i++) { // CPython: 4
      assertEquals(i * i, it.next());
    }
    assertThrows(SayWhen.class, it::next);
  }

  /** test_imap_unordered. */
  @Test
  void imapUnordered_yieldsEveryResult() {
    List<Integer> got = new ArrayList<>(pool.imapUnordered(sqr(0), range(10)).toList());
    Collections.sort(got);
    assertEquals(squares(10), got);
    got = new ArrayList<>(pool.imapUnordered(sqr(0), range(1000), 100).toList());
    Collections.sort(got);
    assertEquals(squares(1000), got);
  }

  /** test_imap_unordered_handle_iterable_exception. */
  @Test
  void imapUnordered_ofAThrowingInput_throwsAfterSomeResults() {
    assertThrows(
        SayWhen.class, () -> pool.imapUnordered(sqr(0), new Throwing(1, -1), 1).iterator().next());
    for (int[] c : new int[][] {{10, 3, 1}, {20, 7, 2}}) {
      Set<Integer> expected = new HashSet<>(squares(c[0]));
      Iterator<Integer> it = pool.imapUnordered(sqr(0), new Throwing(c[0], c[1]), c[2]).iterator();
      assertThrows(
          SayWhen.class,
          () -> {
            for (int i = 0; i < c[0]; i++) {
              Integer value = it.next();
              assertTrue(expected.remove(value), value + " came twice or is not a square");
            }
          });
    }
  }

  /** test_make_pool. */
  @Test
  void pool_ofNoWorkers_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> ctx().pool(-1));
    assertThrows(IllegalArgumentException.class, () -> ctx().pool(0));
    try (Pool p = ctx().pool(3)) {
      assertEquals(3, p.workers());
    }
  }

  /** test_terminate: a pool busy with a long map terminates at once. */
  @Test
  void terminate_duringALongMap_returnsPromptly() throws Exception {
    Pool p = ctx().pool(3);
    long sleep = processes() ? LONG.toMillis() : 1000;
    Fn<Integer, Integer> sleeping =
        x -> {
          Thread.sleep(sleep);
          return x;
        };
    p.mapAsync(sleeping, range(10_000), 1);
    Thread.sleep(200);
    long t = System.nanoTime();
    p.terminate();
    p.join();
    assertTrue(since(t).compareTo(LONG) < 0, "terminate waited for the tasks");
  }

  /** test_empty_iterable (bpo-12157). */
  @Test
  void maps_ofNothing_returnNothing() throws Exception {
    try (Pool p = ctx().pool(1)) {
      assertEquals(List.of(), p.map(sqr(0), List.of()));
      assertEquals(List.of(), p.imap(sqr(0), List.<Integer>of()).toList());
      assertEquals(List.of(), p.imapUnordered(sqr(0), List.<Integer>of()).toList());
      assertEquals(
          List.of(), p.mapAsync(sqr(0), List.of()).get(LONG.toSeconds(), TimeUnit.SECONDS));
    }
  }

  /** test_context: a closed pool refuses more work (Python's ValueError). */
  @Test
  void pool_afterItsTry_refusesWork() throws Exception {
    Pool p;
    try (Pool q = ctx().pool(2)) {
      p = q;
      assertEquals(
          squares(10), q.mapAsync(sqr(0), range(10)).get(LONG.toSeconds(), TimeUnit.SECONDS));
    }
    p.join();
    assertThrows(RejectedExecutionException.class, () -> p.mapAsync(sqr(0), range(10)));
  }

  /**
   * test_traceback: a task's exception comes with the worker's stack; an input's is not wrapped.
   */
  @Test
  void failure_ofATask_carriesTheWorkersStack() throws Exception {
    try (Pool p = ctx().pool(1)) {
      Task<Integer> raising =
          () -> {
            throw new IllegalStateException("123");
          };
      ExecutionException e = assertThrows(ExecutionException.class, () -> p.submit(raising).get());
      Throwable cause = e.getCause();
      assertEquals("java.lang.IllegalStateException", className(cause));
      assertEquals("123", cause.getMessage());
      assertTrue(cause.getStackTrace().length > 0);
      assertTrue(
          cause.getStackTrace()[0].toString().contains("TestMpPool"),
          cause.getStackTrace()[0].toString());
      SayWhen input = assertThrows(SayWhen.class, () -> p.map(sqr(0), new Throwing(1, -1), 1));
      assertNull(input.getCause());
    }
  }

  /** test_wrapped_exception (bpo-20980): the cause is the task's exception itself. */
  @Test
  void failure_ofATask_isNotWrappedTwice() {
    Task<Integer> raising =
        () -> {
          throw new IllegalArgumentException("foo");
        };
    ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(raising).get());
    assertEquals("java.lang.IllegalArgumentException", className(e.getCause()));
  }

  /** test_map_no_failfast (bpo-23992): a failing map with large errors does not hang close. */
  @Test
  void map_withLargeFailures_failsAndThePoolCloses() throws Exception {
    long start = System.nanoTime();
    Pool p = ctx().pool(2);
    try {
      Fn<Integer, Integer> raising =
          wait -> {
            Thread.sleep(wait);
            throw new IllegalArgumentException("x".repeat(1024 * 1024));
          };
      MapFailedException e =
          assertThrows(MapFailedException.class, () -> p.map(raising, List.of(0, 1)));
      assertEquals(1024 * 1024, e.getCause().getMessage().length());
    } finally {
      p.close();
      p.join();
    }
    assertTrue(since(start).compareTo(LONG) < 0);
  }

  /** _TestPoolWorkerErrors.test_async_error_callback. */
  @Test
  void applyAsync_ofAFailingTask_callsTheErrorCallback() throws Exception {
    List<Throwable> scratchpad = Collections.synchronizedList(new ArrayList<>());
    Task<Integer> raising =
        () -> {
          throw new NoSuchElementException("key");
        };
    CompletableFuture<Integer> res = pool.applyAsync(raising, r -> {}, scratchpad::add);
    assertThrows(ExecutionException.class, res::get);
    Waits.waitUntil("the callback ran", () -> !scratchpad.isEmpty());
    assertEquals("java.util.NoSuchElementException", className(scratchpad.get(0)));
  }

  /**
   * _TestPoolWorkerErrors.test_unpickleable_result (processes): a result that cannot travel fails
   * its task, again and again, and the pool keeps its workers.
   */
  @Test
  void result_thatCannotBeSent_failsItsTaskAndThePoolGoesOn() throws Exception {
    assumeTrue(processes(), "CPython runs it for processes only");
    for (int iteration = 0; iteration < 3; iteration++) { // CPython: 20
      List<Throwable> scratchpad = Collections.synchronizedList(new ArrayList<>());
      Task<Object> unsendable = Object::new;
      CompletableFuture<Object> res = pool.applyAsync(unsendable, r -> {}, scratchpad::add);
      ExecutionException e = assertThrows(ExecutionException.class, res::get);
      assertTrue(e.getCause().getMessage().contains("serializ"), e.getCause().getMessage());
      Waits.waitUntil("the callback ran", () -> !scratchpad.isEmpty());
    }
    assertEquals(squares(4), pool.map(sqr(0), range(4)));
  }

  /** _TestPoolWorkerLifetime.test_pool_worker_lifetime (processes): workers are replaced. */
  @Test
  void workers_withATaskLimit_areReplaced() throws Exception {
    assumeTrue(processes(), "CPython runs it for processes only");
    try (Pool p = ctx().pool(PoolOptions.workers(1).maxTasksPerWorker(2))) { // CPython: 3, 10, 100
      List<CompletableFuture<Long>> pids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        pids.add(p.submit(() -> ProcessHandle.current().pid()));
      }
      Set<Long> seen = new HashSet<>();
      for (CompletableFuture<Long> f : pids) {
        seen.add(f.get(LONG.toSeconds(), TimeUnit.SECONDS));
      }
      assertEquals(3, seen.size(), "5 tasks at 2 per worker: 3 workers, in turn");
    }
  }

  /** _TestPoolWorkerLifetime.test_pool_worker_lifetime_early_close (bpo-10332). */
  @Test
  void close_withOneTaskPerWorker_waitsForEveryTask() throws Exception {
    Pool p = ctx().pool(PoolOptions.workers(3).maxTasksPerWorker(1));
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int x = i;
      results.add(p.submit(() -> sqr(300).apply(x)));
    }
    p.close();
    p.join();
    for (int j = 0; j < 6; j++) {
      assertEquals(j * j, results.get(j).getNow(-1));
    }
  }

  /**
   * _TestPoolWorkerLifetime.test_pool_maxtasksperchild_invalid. Differs on purpose: 0 means no
   * limit, as Python's {@code None}; a negative limit is refused.
   */
  @Test
  void maxTasksPerWorker_negative_isRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> PoolOptions.workers(3).maxTasksPerWorker(-1));
    assertEquals(0, PoolOptions.workers(3).maxTasksPerWorker(0).maxTasksPerWorker());
  }
}

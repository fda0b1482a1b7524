package dev.multitask.pool;

import static dev.multitask.pool.PoolTesting.LONG_WAIT;
import static dev.multitask.pool.PoolTesting.awaitCondition;
import static dev.multitask.pool.PoolTesting.range;
import static dev.multitask.pool.PoolTesting.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Fn;
import dev.multitask.shared.SharedLong;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pool's operations over many items: {@link Pool#map} in input order with chunking and the
 * failed index, lazy and bounded {@link Pool#imap} (an endless input included), {@link
 * Pool#imapUnordered}, progress reports, and a map whose calling thread is interrupted; run over
 * every backend by {@link PoolContractTest}.
 *
 * <p>Task bodies come from lambdas that capture only numbers and shared values, never the test
 * instance, so that they travel to worker JVMs.
 */
abstract class MapContract extends PoolContractPart {
  /** How far ahead of the consumer imap may read its input: a few chunks per worker, never more. */
  private static final int IMAP_READ_AHEAD_BOUND = 16;

  // ---- inputs ----

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

  /** A finite input that throws {@link SayWhen} instead of giving item {@code when}. */
  record FailingAt(int total, int when) implements Iterable<Integer> {
    @Override
    public Iterator<Integer> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < total;
        }

        @Override
        public Integer next() {
          if (next == when) {
            throw new SayWhen("the input failed at item " + when);
          }
          return next++;
        }
      };
    }
  }

  /** What {@link FailingAt} throws. */
  static final class SayWhen extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    SayWhen(String message) {
      super(message);
    }
  }

  // ---- map, imap, imapUnordered ----

  /**
   * An input that throws at item 3: imap yields the results of items 0, 1 and 2, then throws the
   * input's exception, as Python's {@code imap}; in chunks, every item read before it still runs.
   */
  @Test
  void imap_inputThrowsAtItem3_yieldsEarlierResultsThenThrows() {
    Iterator<Integer> it = pool.imap(x -> x * x, new FailingAt(10, 3)).iterator();
    assertEquals(0, it.next());
    assertEquals(1, it.next());
    assertEquals(4, it.next());
    assertThrows(SayWhen.class, it::next);
    assertFalse(it.hasNext(), "after the input's exception the results end");

    Iterator<Integer> chunked = pool.imap(x -> x * x, new FailingAt(20, 7), 2).iterator();
    for (int i = 0; i < 7; i++) {
      assertEquals(i * i, chunked.next());
    }
    assertThrows(SayWhen.class, chunked::next);

    assertThrows(SayWhen.class, () -> pool.imap(x -> x, new FailingAt(1, 0)).iterator().next());
    assertThrows(
        SayWhen.class, () -> pool.map(x -> x, new FailingAt(10, 3)), "map reads all first");

    List<Integer> unordered = new ArrayList<>();
    Iterator<Integer> any = pool.imapUnordered(x -> x * x, new FailingAt(10, 3)).iterator();
    assertThrows(SayWhen.class, () -> any.forEachRemaining(unordered::add));
    Collections.sort(unordered);
    assertEquals(List.of(0, 1, 4), unordered);
  }

  @Test
  void map_returnsResultsInInputOrder() throws Exception {
    List<Integer> expected = IntStream.range(0, 100).map(x -> x * 2).boxed().toList();
    assertEquals(expected, pool.map(x -> x * 2, range(100)));
    assertEquals(expected, pool.map(x -> x * 2, range(100), 7));
    assertEquals(expected, pool.map(x -> x * 2, range(100), 1000));
  }

  /**
   * Chunks of only numbers, of mixed values and of nulls, in one map; the list is the caller's to
   * change.
   */
  @Test
  void map_everyKindOfResult_comesInAListTheCallerMayChange() throws Exception {
    Fn<Integer, Object> kinds =
        x ->
            switch (x / 4) {
              case 0 -> x;
              case 1 -> (long) x;
              case 2 -> x + 0.5;
              case 3 -> x % 2 == 0 ? "s" + x : x;
              default -> null;
            };
    List<Object> expected = new java.util.ArrayList<>();
    for (int x = 0; x < 22; x++) {
      expected.add(kinds.apply(x));
    }
    List<Object> results = pool.map(kinds, range(22), 4);
    assertEquals(expected, results);

    results.set(0, "zero");
    results.set(1, 100);
    results.add(-1);
    results.remove(2);
    expected.set(0, "zero");
    expected.set(1, 100);
    expected.add(-1);
    expected.remove(2);
    assertEquals(expected, results);
  }

  @Test
  void map_ofEmptyInput_returnsEmptyList() throws Exception {
    assertEquals(List.of(), pool.map(x -> x, List.<Integer>of()));
    assertEquals(List.of(), pool.map(x -> x, List.<Integer>of(), 3));
    assertEquals(List.of(), pool.imap(x -> x, List.<Integer>of()).toList());
    assertEquals(
        List.of(),
        pool.mapAsync(x -> x, List.<Integer>of()).get(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void map_chunkSizeBelowOne_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> pool.map(x -> x, range(3), 0));
    assertThrows(IllegalArgumentException.class, () -> pool.map(x -> x, range(3), -1));
    assertThrows(IllegalArgumentException.class, () -> pool.imap(x -> x, range(3), 0));
  }

  @Test
  void map_itemFails_mapFailedExceptionNamesItsIndex() {
    Fn<Integer, Integer> fn = x -> 100 / (x - 37);
    MapFailedException chunked =
        assertThrows(MapFailedException.class, () -> pool.map(fn, range(100), 10));
    assertEquals(37, chunked.index());
    assertInstanceOf(ArithmeticException.class, chunked.getCause());
    MapFailedException byDefault =
        assertThrows(MapFailedException.class, () -> pool.map(fn, range(100)));
    assertEquals(37, byDefault.index());
    MapFailedException lazy =
        assertThrows(MapFailedException.class, () -> pool.imap(fn, range(100), 4).toList());
    assertEquals(37, lazy.index());
  }

  /** An Error the function throws (a StackOverflowError, say) names its item, as exceptions do. */
  @Test
  void map_functionThrowingAnError_failsNamingTheItem() {
    Fn<Integer, Integer> fn =
        x -> {
          if (x == 37) {
            throw new AssertionError("item 37 is wrong");
          }
          return x;
        };
    MapFailedException chunked =
        assertThrows(MapFailedException.class, () -> pool.map(fn, range(100), 10));
    assertEquals(37, chunked.index(), chunked.getMessage());
    assertInstanceOf(AssertionError.class, chunked.getCause());
  }

  /** imap reads nothing before the first result is asked for, then only a few chunks ahead. */
  @Test
  void imap_readsInputLazilyAndReturnsInOrder() {
    AtomicLong pulled = new AtomicLong();
    try (Stream<Integer> results = pool.imap(x -> x + 1, new Counted(range(200), pulled), 3)) {
      assertEquals(0, pulled.get(), "imap read its input before a result was asked for");
      Iterator<Integer> it = results.iterator();
      assertEquals(1, it.next());
      assertTrue(
          pulled.get() <= IMAP_READ_AHEAD_BOUND,
          "read " + pulled.get() + " items for the first result");
      List<Integer> rest = new ArrayList<>();
      it.forEachRemaining(rest::add);
      assertEquals(IntStream.range(2, 201).boxed().toList(), rest);
    }
  }

  @Test
  void imapUnordered_returnsEveryResult() {
    List<Integer> got =
        new ArrayList<>(
            pool.imapUnordered(
                    x -> {
                      Thread.sleep(x % 3 * 5); // later items may overtake earlier ones
                      return x * x;
                    },
                    range(60))
                .toList());
    Collections.sort(got);
    assertEquals(IntStream.range(0, 60).map(x -> x * x).boxed().toList(), got);
  }

  /** An endless input is read only as far as results are consumed, plus a bounded prefetch. */
  @Test
  void imap_onEndlessInput_boundsItsReadAhead() throws Exception {
    AtomicLong pulled = new AtomicLong();
    long maxAhead = 0;
    try (Stream<Long> results = pool.imap(x -> x, new Endless(pulled))) {
      Iterator<Long> it = results.iterator();
      for (long consumed = 1; consumed <= 2000; consumed++) {
        assertEquals(consumed - 1, it.next());
        maxAhead = Math.max(maxAhead, pulled.get() - consumed);
      }
    }
    assertTrue(
        maxAhead <= IMAP_READ_AHEAD_BOUND,
        "imap read " + maxAhead + " items ahead of the consumer");
    long atClose = pulled.get();
    Thread.sleep(100);
    assertEquals(atClose, pulled.get(), "imap read its input after the stream was closed");
  }

  // ---- progress ----

  @Test
  void map_reportsProgressUpToTotal() throws Exception {
    List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
    progressSink.set(seen::add);
    try {
      assertEquals(100, pool.map(x -> x, range(100), 10).size());
      // the listener is the pool's: a report of an earlier call on this shared pool may still
      // arrive
      awaitCondition(
          "10 progress reports", () -> seen.stream().filter(p -> p.total() == 100).count() >= 10);
      Thread.sleep(50);
      List<Progress> reports = seen.stream().filter(p -> p.total() == 100).toList();
      assertEquals(10, reports.size(), reports.toString());
      assertEquals(
          LongStream.rangeClosed(1, 10).map(i -> i * 10).boxed().toList(),
          reports.stream().map(Progress::done).toList(),
          "one call's reports come in order");
      assertEquals(1, reports.stream().map(Progress::call).distinct().count(), reports.toString());
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

  /**
   * Two maps at once: the listener hears them one report at a time, each call by its own number, in
   * order.
   */
  @Test
  void progress_ofConcurrentMaps_isReportedPerCallOneReportAtATime() throws Exception {
    List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger inside =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger overlaps =
        new java.util.concurrent.atomic.AtomicInteger();
    progressSink.set(
        p -> {
          if (inside.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          if (p.total() == 60 || p.total() == 90) {
            seen.add(p);
          }
          try {
            Thread.sleep(
                2); // a slow listener: other chunks finish meanwhile, and their reports wait
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inside.decrementAndGet();
        });
    try {
      CompletableFuture<List<Integer>> a = pool.mapAsync(x -> x, range(60), 3);
      CompletableFuture<List<Integer>> b = pool.mapAsync(x -> x, range(90), 3);
      assertEquals(60, a.get(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS).size());
      assertEquals(90, b.get(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS).size());
      assertEquals(0, overlaps.get(), "the listener ran twice at once");
      for (long total : new long[] {60, 90}) {
        List<Progress> call = seen.stream().filter(p -> p.total() == total).toList();
        assertEquals(
            1,
            call.stream().map(Progress::call).distinct().count(),
            "one number per call: " + call);
        assertEquals(
            LongStream.rangeClosed(1, total / 3).map(i -> i * 3).boxed().toList(),
            call.stream().map(Progress::done).toList(),
            "in order, every chunk once");
      }
      assertTrue(
          seen.stream().filter(p -> p.total() == 60).findFirst().orElseThrow().call()
              < seen.stream().filter(p -> p.total() == 90).findFirst().orElseThrow().call(),
          "numbered in the order the calls began");
    } finally {
      progressSink.set(p -> {});
    }
  }

  /** As map returns, mapAsync completes only once the listener has heard every chunk. */
  @Test
  void mapAsync_completesAfterTheListenerHeardTheLastChunk() throws Exception {
    List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
    progressSink.set(
        p -> {
          if (p.total() == 77) {
            seen.add(p);
          }
        });
    try {
      assertEquals(
          77,
          pool.mapAsync(x -> x, range(77), 7)
              .get(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS)
              .size());
      assertEquals(11, seen.size(), seen.toString());
      assertTrue(seen.stream().anyMatch(p -> p.done() == 77), seen.toString());
    } finally {
      progressSink.set(p -> {});
    }
  }

  // ---- mapAsync ----

  @Test
  void mapAsync_completesWithResultsInOrderOrTheFirstFailureInInputOrder() throws Exception {
    List<Integer> expected = IntStream.range(0, 50).map(x -> x + 1).boxed().toList();
    CompletableFuture<List<Integer>> plain = pool.mapAsync(x -> x + 1, range(50), 7);
    assertEquals(expected, plain.get(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(
        expected,
        pool.mapAsync(x -> x + 1, range(50)).get(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS));

    Fn<Integer, Integer> failsTwice =
        x -> {
          if (x == 80) {
            throw new IllegalStateException("late");
          }
          if (x == 37) {
            Thread.sleep(300); // fails after item 80 has: the report still names 37
            throw new IllegalArgumentException("early");
          }
          return x;
        };
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                pool.mapAsync(failsTwice, range(100), 10)
                    .get(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    MapFailedException failed = assertInstanceOf(MapFailedException.class, e.getCause());
    assertEquals(37, failed.index());
    assertInstanceOf(IllegalArgumentException.class, failed.getCause());
    assertThrows(IllegalArgumentException.class, () -> pool.mapAsync(x -> x, range(3), 0));
  }

  @Test
  void mapAsync_cancelledWithInterrupt_stopsRunningChunks() throws Exception {
    SharedLong started = ctx.sharedLong(0);
    CompletableFuture<List<Integer>> stuck =
        pool.mapAsync(
            x -> {
              started.addAndGet(1);
              Thread.sleep(120_000);
              return x;
            },
            range(6),
            1);
    awaitCondition("both workers running mapAsync items", () -> started.get() >= 2);

    assertTrue(stuck.cancel(true));

    assertTrue(stuck.isCancelled());
    assertEquals(
        3, result(pool.submit(() -> 3)), "the workers were freed: the pool serves at once");
    assertEquals(2, started.get(), "the queued items never ran");
  }

  // ---- interrupts ----

  @Test
  void map_blockedThreadInterrupted_returnsPromptly() throws Exception {
    SharedLong started = ctx.sharedLong(0);
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread caller =
        Thread.ofPlatform()
            .name("map-caller")
            .start(
                () -> {
                  try {
                    outcome.set(
                        pool.map(
                            x -> {
                              started.addAndGet(1);
                              Thread.sleep(120_000);
                              return x;
                            },
                            range(4),
                            1));
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

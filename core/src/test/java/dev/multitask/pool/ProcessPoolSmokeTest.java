package dev.multitask.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Multitask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessPoolSmokeTest {
  @Test
  void processPool_endToEnd_runsTasksAndMapsAndOutlivesDeathsAndTimeouts() throws Exception {
    try (Context ctx = Multitask.processes();
        Pool pool = ctx.pool(2)) {
      assertEquals("hello", pool.submit(() -> "hello").get());
      List<Integer> squares = pool.map(x -> x * x, IntStream.range(0, 1000).boxed().toList());
      assertEquals(IntStream.range(0, 1000).map(x -> x * x).boxed().toList(), squares);
      var died =
          pool.submit(
              () -> {
                System.err.println("about to die");
                Runtime.getRuntime().halt(3);
                return 1;
              });
      ExecutionException e = assertThrows(ExecutionException.class, died::get);
      WorkerDiedException wd = assertInstanceOf(WorkerDiedException.class, e.getCause());
      assertEquals(3, wd.exitCode());
      assertTrue(wd.stderrTail().contains("about to die"), wd.getMessage());
      var slow =
          pool.submit(
              () -> {
                Thread.sleep(60_000);
                return 1;
              },
              Duration.ofMillis(500));
      e = assertThrows(ExecutionException.class, slow::get);
      assertInstanceOf(TaskTimeoutException.class, e.getCause());
      assertEquals(42, pool.submit(() -> 42).get());
      MapFailedException mf =
          assertThrows(
              MapFailedException.class,
              () -> pool.map(x -> 10 / (x - 5), IntStream.range(0, 10).boxed().toList(), 3));
      assertEquals(5, mf.index());
      assertEquals(List.of(0, 1, 4), pool.imap(x -> x * x, List.of(0, 1, 2)).toList());
      System.out.println(pool.timeline().toChromeTrace());
    }
  }

  /**
   * Void tasks, chunked imapUnordered, the timeline as soon as results are in, the message after
   * close.
   */
  @Test
  void pool_runsActionsAndChunksAndRecordsBeforeResults() throws Exception {
    try (Context ctx = Multitask.processes()) {
      Pool pool = ctx.pool(2);
      assertEquals(
          null, pool.submit(() -> System.out.print("")).get(), "an Action's future holds null");
      assertEquals(
          IntStream.range(0, 50).boxed().toList(),
          pool.imapUnordered((Integer x) -> x, IntStream.range(0, 50).boxed().toList(), 7)
              .sorted()
              .toList());
      List<java.util.concurrent.CompletableFuture<Integer>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        futures.add(pool.submit(() -> n));
      }
      for (var f : futures) {
        f.get();
      }
      int recorded = pool.timeline().entries().size();
      assertEquals(
          1 + 8 + 20, recorded, "every finished task is in the timeline by the time its result is");
      pool.close();
      var rejected =
          assertThrows(
              java.util.concurrent.RejectedExecutionException.class, () -> pool.submit(() -> 1));
      assertTrue(rejected.getMessage().contains("closed"), rejected.getMessage());
    }
  }

  /**
   * Lambdas of one shape go to a worker as their captured values after the first; a worker that
   * replaces a dead one has not seen the shape, and must be sent it again.
   */
  @Test
  void submit_capturingLambdasAcrossAWorkerReplacement_eachGetsItsOwnValues() throws Exception {
    try (Context ctx = Multitask.processes();
        Pool pool = ctx.pool(2)) {
      List<java.util.concurrent.CompletableFuture<String>> futures = new java.util.ArrayList<>();
      int[] array = {7};
      for (int i = 0; i < 300; i++) {
        int k = i;
        String tag = "t" + (i % 3);
        futures.add(
            i % 10 == 9
                ? pool.submit(() -> "array" + array[0] + k) // JDK serialization, in between
                : i % 2 == 0 ? pool.submit(() -> tag + k) : pool.submit(() -> k + ":" + tag));
      }
      for (int i = 0; i < 300; i++) {
        String tag = "t" + (i % 3);
        String expected = i % 10 == 9 ? "array7" + i : i % 2 == 0 ? tag + i : i + ":" + tag;
        assertEquals(expected, futures.get(i).get());
      }
      var died =
          pool.submit(
              () -> {
                Runtime.getRuntime().halt(3);
                return "never";
              });
      assertThrows(ExecutionException.class, died::get);
      futures.clear();
      for (int i = 0; i < 100; i++) {
        int k = i;
        futures.add(pool.submit(() -> "after" + k));
      }
      for (int i = 0; i < 100; i++) {
        assertEquals("after" + i, futures.get(i).get(), "task " + i + " after the replacement");
      }
    }
  }

  @Test
  void threadPool_taskIgnoringInterrupts_timesOutAndPoolGoesOn() throws Exception {
    try (Context ctx = Multitask.threads();
        Pool pool = ctx.pool(2)) {
      assertEquals("hello", pool.submit(() -> "hello").get());
      var slow =
          pool.submit(
              () -> {
                long end = System.nanoTime() + 3_000_000_000L;
                while (System.nanoTime() < end) {
                  Thread.onSpinWait(); // ignores interrupts
                }
                return 0;
              },
              Duration.ofMillis(300));
      var e = assertThrows(ExecutionException.class, slow::get);
      assertInstanceOf(TaskTimeoutException.class, e.getCause());
      assertEquals(List.of(0, 1, 4), pool.map(x -> x * x, List.of(0, 1, 2)));
      pool.terminate();
    }
  }
}

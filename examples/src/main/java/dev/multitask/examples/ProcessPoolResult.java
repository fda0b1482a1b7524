package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.pool.Pool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Results from a process pool: 20 tasks ({@link PoolFunc}) are submitted without waiting, their
 * futures kept by task number, and only then is each asked for its result, as Python's {@code
 * future.result()}. The tasks finish in any order, but the results come out in the order they are
 * asked for: 0, 1, 4, ..., 361.
 *
 * <p>Asking for each result right after its submit would run the tasks one at a time, as the
 * tutorial's commented-out line warns.
 */
public final class ProcessPoolResult {
  private ProcessPoolResult() {}

  /**
   * Runs the example.
   *
   * @param args optionally the time unit in milliseconds (default 1000)
   * @throws Exception if a task failed
   */
  public static void main(String[] args) throws Exception {
    int unit = PoolFunc.unitMillis(args);
    System.out.println("main: pid=" + Multitask.currentProcess().pid());
    try (Context ctx = Multitask.processes();
        Pool tp = ctx.pool(4)) {
      Map<Integer, CompletableFuture<Integer>> futures = new LinkedHashMap<>();
      for (int i = 0; i < 20; i++) { // submit does not wait
        int n = i;
        futures.put(i, tp.submit(() -> PoolFunc.func(n, unit)));
      }
      for (var f : futures.entrySet()) { // get() waits for that one result
        System.out.println(f.getKey() + " --> " + f.getValue().get());
      }
    }
  }
}

package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.pool.Pool;
import java.util.concurrent.CompletableFuture;

/**
 * A callback on each of 20 process-pool futures ({@link PoolFunc}), as Python's {@code
 * future.add_done_callback(get_ret)}: {@link CompletableFuture#whenComplete} runs it, on a pool
 * thread of main's JVM, as soon as that task's result is back. So the results are printed in the
 * order the tasks finish, while the other tasks still run, and main never waits for any one of
 * them.
 */
public final class ProcessPoolCallback {
  private ProcessPoolCallback() {}

  /**
   * Runs the example.
   *
   * @param args optionally the time unit in milliseconds (default 1000)
   * @throws Exception if the pool cannot start its workers
   */
  public static void main(String[] args) throws Exception {
    int unit = PoolFunc.unitMillis(args);
    System.out.println("main: pid=" + Multitask.currentProcess().pid());
    try (Context ctx = Multitask.processes();
        Pool tp = ctx.pool(4)) {
      for (int i = 0; i < 20; i++) {
        int n = i;
        CompletableFuture<Integer> ret = tp.submit(() -> PoolFunc.func(n, unit));
        ret.whenComplete(ProcessPoolCallback::getRet);
      }
    } // closing the pool waits for the tasks, and so for their callbacks
  }

  private static void getRet(Integer result, Throwable failure) {
    System.out.println(failure == null ? String.valueOf(result) : "failed: " + failure);
  }
}

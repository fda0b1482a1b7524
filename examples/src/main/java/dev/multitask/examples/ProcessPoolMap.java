package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.pool.Pool;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Python's {@code executor.map(func, range(20))} on a process pool of 4: the function is applied to
 * every item in the worker processes, in whatever order they get to them, and the results come back
 * in the order of the input: 0, 1, 4, ..., 361.
 *
 * <p>{@link Pool#map} returns the whole list; {@link Pool#imap} would hand the results over one by
 * one as they are ready, still in input order.
 */
public final class ProcessPoolMap {
  private ProcessPoolMap() {}

  /**
   * Runs the example.
   *
   * @param args optionally the time unit in milliseconds (default 1000)
   * @throws Exception if an item failed
   */
  public static void main(String[] args) throws Exception {
    int unit = PoolFunc.unitMillis(args);
    System.out.println("main: pid=" + Multitask.currentProcess().pid());
    try (Context ctx = Multitask.processes();
        Pool tp = ctx.pool(4)) {
      List<Integer> ret =
          tp.map(i -> PoolFunc.func(i, unit), IntStream.range(0, 20).boxed().toList());
      for (int k : ret) {
        System.out.println(k);
      }
    }
  }
}

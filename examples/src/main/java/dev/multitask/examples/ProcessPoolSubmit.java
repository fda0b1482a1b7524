package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.pool.Pool;
import dev.multitask.pool.Timeline;
import java.util.TreeSet;

/**
 * Python's {@code ProcessPoolExecutor(4)} with 20 submitted tasks that each sleep 1 to 3 s ({@link
 * PoolFunc}): the pool's four worker processes stay up and take task after task, so the start and
 * end lines show at most four pids, none of them main's.
 *
 * <p>Python's program ends with the interpreter waiting for the executor; here closing the pool
 * waits for its tasks. Main then counts the worker processes in the pool's {@linkplain
 * Pool#timeline() timeline}, which records where each task ran.
 */
public final class ProcessPoolSubmit {
  private ProcessPoolSubmit() {}

  /**
   * Runs the example.
   *
   * @param args optionally the time unit in milliseconds (default 1000)
   * @throws Exception if the pool cannot start its workers
   */
  public static void main(String[] args) throws Exception {
    int unit = PoolFunc.unitMillis(args);
    System.out.println("main: pid=" + Multitask.currentProcess().pid());
    Timeline timeline;
    try (Context ctx = Multitask.processes()) {
      Pool tp = ctx.pool(4);
      for (int i = 0; i < 20; i++) {
        int n = i;
        tp.submit(() -> PoolFunc.func(n, unit));
      }
      tp.close(); // waits for the 20 tasks
      timeline = tp.timeline();
    }
    TreeSet<Long> pids = new TreeSet<>();
    timeline.entries().forEach(e -> pids.add(e.pid()));
    System.out.println(
        timeline.entries().size() + " tasks ran in " + pids.size() + " worker processes: " + pids);
  }
}

package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.pool.Pool;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tutorial's experiment with {@code Pool(4)} and five 2-second tasks handed over with {@code
 * apply_async}: the first four run at once in four worker processes, the fifth waits for a free
 * worker and runs in a process that already ran a task. So the whole takes about 4 s, not 2, and
 * only four pids appear.
 *
 * <p>Python's {@code p.close(); p.join()} is one call here: {@link Pool#close()} stops taking work
 * and waits for the queued and running tasks. Each task returns its pid to an {@code applyAsync}
 * callback, so that main can say at the end which process ran two tasks.
 */
public final class PoolFourFive {
  private PoolFourFive() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the pool cannot start its workers
   */
  public static void main(String[] args) throws Exception {
    System.out.println("CPU cores: " + Multitask.cpuCount());
    System.out.println("parent process: " + Multitask.currentProcess().pid());
    long start = System.nanoTime();
    Map<Integer, Long> pidOfTask = new ConcurrentHashMap<>();
    try (Context ctx = Contexts.processes()) {
      Pool p = ctx.pool(4);
      for (int i = 0; i < 5; i++) {
        int task = i;
        p.applyAsync(
            () -> longTimeTask(task),
            pid -> pidOfTask.put(task, pid),
            failure -> System.out.println("task " + task + " failed: " + failure));
      }
      System.out.println("waiting for all child processes");
      p.close(); // Python's p.close() and p.join()
    }
    System.out.println("total took " + Clock.secondsSince(start) + " s");
    // which tasks each worker process ran, in task order
    Map<Long, List<Integer>> tasksOfPid = new TreeMap<>();
    new TreeMap<>(pidOfTask)
        .forEach((task, pid) -> tasksOfPid.computeIfAbsent(pid, k -> new ArrayList<>()).add(task));
    System.out.println(
        pidOfTask.size() + " tasks ran in " + tasksOfPid.size() + " worker processes:");
    tasksOfPid.forEach((pid, tasks) -> System.out.println("  pid " + pid + ": tasks " + tasks));
  }

  private static long longTimeTask(int i) throws InterruptedException {
    long pid = Multitask.currentProcess().pid();
    System.out.println("child process: " + pid + " - task " + i);
    Thread.sleep(2000);
    System.out.println("result: " + BigInteger.valueOf(8).pow(20));
    return pid;
  }
}

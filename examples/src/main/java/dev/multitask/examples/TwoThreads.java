package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import java.math.BigInteger;

/**
 * The 2-second task of {@link SequentialTasks} in two threads: sleeping does not occupy a CPU, so
 * the threads overlap and take about 2 s, as the processes did.
 */
public final class TwoThreads {
  private TwoThreads() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    System.out.println("this is the main thread: " + Thread.currentThread().getName());
    // the same program as TwoProcesses; only the line that makes the context differs
    try (Context ctx = Multitask.threads()) {
      Job<Void> t1 = ctx.start(() -> longTimeTask(1));
      Job<Void> t2 = ctx.start(() -> longTimeTask(2));
      t1.join();
      t2.join();
    }
    System.out.println("total took " + Clock.secondsSince(start) + " s");
  }

  private static void longTimeTask(int i) throws InterruptedException {
    System.out.println("current thread: " + Thread.currentThread().getName() + " - task " + i);
    Thread.sleep(2000);
    System.out.println("result: " + BigInteger.valueOf(8).pow(20));
  }
}

package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import java.math.BigInteger;

/**
 * The 2-second task of {@link SequentialTasks} in two child processes, joined: the sleeps overlap,
 * so the two take about 2 s instead of 4.
 */
public final class TwoProcesses {
  private TwoProcesses() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    System.out.println("parent process: " + Multitask.currentProcess().pid());
    long start = System.nanoTime();
    try (Context ctx = Multitask.processes()) {
      System.out.println("waiting for all child processes");
      Job<Void> p1 = ctx.start(() -> longTimeTask(1));
      Job<Void> p2 = ctx.start(() -> longTimeTask(2));
      p1.join();
      p2.join();
    }
    System.out.println("total took " + Clock.secondsSince(start) + " s");
  }

  private static void longTimeTask(int i) throws InterruptedException {
    System.out.println("child process: " + Multitask.currentProcess().pid() + " - task " + i);
    Thread.sleep(2000);
    System.out.println("result: " + BigInteger.valueOf(8).pow(20));
  }
}

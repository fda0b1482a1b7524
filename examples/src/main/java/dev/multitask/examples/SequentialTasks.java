package dev.multitask.examples;

import dev.multitask.Multitask;
import java.math.BigInteger;

/**
 * The baseline for the next examples: a task that sleeps 2 s and computes 8**20, run twice in
 * sequence in the main process. It takes about 4 s, all of it sleeping.
 */
public final class SequentialTasks {
  private SequentialTasks() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the sleep is interrupted
   */
  public static void main(String[] args) throws Exception {
    System.out.println("parent process: " + Multitask.currentProcess().pid());
    long start = System.nanoTime();
    for (int i = 0; i < 2; i++) {
      longTimeTask();
    }
    System.out.println("took " + Clock.secondsSince(start) + " s");
  }

  private static void longTimeTask() throws InterruptedException {
    System.out.println("current process: " + Multitask.currentProcess().pid());
    Thread.sleep(2000);
    System.out.println("result: " + BigInteger.valueOf(8).pow(20));
  }
}

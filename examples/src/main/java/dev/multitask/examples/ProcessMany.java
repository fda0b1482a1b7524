package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessInfo;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ten children that each sleep 0, 1 or 2 s and print their pid and parent pid. Main does not join
 * them: its last line comes first, and the children print in an order that changes from run to run,
 * because processes run asynchronously.
 */
public final class ProcessMany {
  private ProcessMany() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      for (int i = 1; i <= 10; i++) {
        int n = i;
        ctx.start(() -> func(n));
      }
      System.out.println(
          "main: done starting, not waiting; main pid=" + Multitask.currentProcess().pid());
    } // main's code has ended; close() only keeps the program alive until the children are done
  }

  private static void func(int n) throws InterruptedException {
    // chosen in the child: each JVM has its own random generator, as each Python process has
    int delay = ThreadLocalRandom.current().nextInt(3);
    Thread.sleep(delay * 1000L);
    ProcessInfo me = Multitask.currentProcess();
    System.out.println(
        "number %d: pid=%d, ppid=%d, slept %d s".formatted(n, me.pid(), me.parentPid(), delay));
  }
}

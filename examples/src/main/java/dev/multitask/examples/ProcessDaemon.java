package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;

/**
 * A daemon process next to an ordinary one. The daemon {@code func1} would print forever; {@code
 * func2} counts to 5; main's own code takes 3 s. When main's code ends the daemon is stopped, while
 * {@code func2} is waited for and finishes its count.
 */
public final class ProcessDaemon {
  private ProcessDaemon() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or the sleep is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      // the daemon flag must be set before start, as p1.daemon = True in Python
      ctx.job(ProcessDaemon::func1).daemon(true).start();
      ctx.start(ProcessDaemon::func2);
      Thread.sleep(3000);
      System.out.println("main: code ends here; the daemon is stopped, func2 is waited for");
    } // close() is Python's exit rule for processes: terminate daemons, join the rest
  }

  private static void func1() throws InterruptedException {
    while (true) {
      System.out.println("func1");
      Thread.sleep(1000);
    }
  }

  private static void func2() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      System.out.println("func2 " + i);
      Thread.sleep(1000);
    }
  }
}

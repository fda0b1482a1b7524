package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;

/**
 * A daemon thread next to an ordinary one. The daemon would print every second forever; the other
 * thread prints three times. The program waits for the ordinary thread only; when it is done, the
 * daemon is stopped with the program.
 */
public final class ThreadDaemon {
  private ThreadDaemon() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.threads()) {
      ctx.job(ThreadDaemon::func1).daemon(true).start();
      Job<Void> t2 = ctx.start(ThreadDaemon::func2);
      // Python's interpreter waits for every non-daemon thread before it drops the daemons;
      // close() would stop the daemon right away, so wait for the ordinary thread first
      t2.join();
      System.out.println("main: only the daemon is left; it stops with the program");
    }
  }

  private static void func1() {
    try {
      // half a period out of step with thread 2, so that the daemon's last line cannot land
      // between thread 2's end and the program's: its next one would come 0.5 s after
      Thread.sleep(500);
      while (true) {
        System.out.println("running daemon thread 1...");
        Thread.sleep(1000);
      }
    } catch (InterruptedException e) {
      // a thread job is stopped by an interrupt: end quietly
    }
  }

  private static void func2() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.out.println("running thread 2...");
      Thread.sleep(1000);
    }
  }
}

package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;

/**
 * The tutorial's use of a daemon process: a monitor that reports "I am alive" every second, next to
 * a worker that analyses logs and fails. Main joins the worker only; when the worker has failed
 * main reports the server's state and its code ends, and the daemon monitor is stopped with it.
 * Without {@code daemon(true)} the monitor would loop forever and the program would never end.
 */
public final class DaemonMonitor {
  private DaemonMonitor() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      ctx.job(DaemonMonitor::alive)
          .name("monitor")
          .daemon(true)
          .start(); // p1.daemon = True, before start
      Job<Void> worker = ctx.job(DaemonMonitor::work).name("worker").start();
      worker.join(); // only the worker: the monitor never ends by itself
      System.out.println(
          "main: the worker ended with exit code "
              + worker.exitCode().orElseThrow()
              + ": server status abnormal...");
    } // main's code ends: close() terminates the daemon monitor
  }

  private static void alive() throws InterruptedException {
    while (true) {
      System.out.println("monitor: reporting to the monitoring server: I am alive");
      Thread.sleep(1000);
    }
  }

  private static void work() throws InterruptedException {
    // half-second steps: the failure comes between two of the monitor's reports
    for (int step = 1; step <= 3; step++) {
      Thread.sleep(500);
      System.out.println("worker: analysing the logs... (" + step + ")");
    }
    throw new IllegalStateException("the log analysis failed");
  }
}

package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessInfo;

/**
 * What {@code join()} changes: the child sleeps 2 s; with {@code join()} main prints "end" after
 * the child, without it main prints "end" at once and the child finishes later. Both runs are
 * shown, with time stamps.
 */
public final class ProcessJoin {
  private ProcessJoin() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      System.out.println("== with join: main waits for the child, then prints end ==");
      printMain();
      Job<Void> child = ctx.start(ProcessJoin::func);
      child.join(); // blocks until the child has ended
      System.out.println(Clock.now() + " end");

      System.out.println(
          "== without join: main prints end at once, the child finishes 2 s later ==");
      printMain();
      ctx.start(ProcessJoin::func);
      System.out.println(Clock.now() + " end");
    } // close() still waits for the second child, so the program does not end under it
  }

  private static void printMain() {
    ProcessInfo me = Multitask.currentProcess();
    System.out.println("%s main: ppid=%d, pid=%d".formatted(Clock.now(), me.parentPid(), me.pid()));
  }

  private static void func() throws InterruptedException {
    Thread.sleep(2000);
    ProcessInfo me = Multitask.currentProcess();
    System.out.println("%s func: ppid=%d, pid=%d".formatted(Clock.now(), me.parentPid(), me.pid()));
  }
}

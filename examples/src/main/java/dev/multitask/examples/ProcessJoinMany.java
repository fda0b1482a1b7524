package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Four children, each sleeping 2 s, all joined before main prints "end": every child's line comes
 * before "end", and the four ran at the same time (about 2 s, not 8).
 */
public final class ProcessJoinMany {
  private ProcessJoinMany() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    ProcessInfo me = Multitask.currentProcess();
    System.out.println("%s main: ppid=%d, pid=%d".formatted(Clock.now(), me.parentPid(), me.pid()));
    try (Context ctx = Multitask.processes()) {
      List<Job<Void>> children = new ArrayList<>();
      for (int n = 1; n <= 4; n++) {
        int arg =
            n; // the lambda captures an int, which serializes; a loop variable cannot be captured
        children.add(ctx.start(() -> func(arg)));
      }
      // start all, then join all: joining inside the first loop would run them one after another
      for (Job<Void> child : children) {
        child.join();
      }
      Thread.sleep(1000);
      System.out.println(Clock.now() + " end");
    }
  }

  private static void func(int n) throws InterruptedException {
    Thread.sleep(2000);
    ProcessInfo me = Multitask.currentProcess();
    System.out.println(
        "%s func%d: ppid=%d, pid=%d".formatted(Clock.now(), n, me.parentPid(), me.pid()));
  }
}

package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessInfo;

/**
 * A child process that runs a function, as Python's {@code Process(target=func)}. Main and child
 * both print their parent's pid and their own: the child's parent is the main program.
 */
public final class ProcessFunction {
  private ProcessFunction() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the child cannot be started
   */
  public static void main(String[] args) throws Exception {
    ProcessInfo me = Multitask.currentProcess();
    System.out.println("main: ppid=%d, pid=%d".formatted(me.parentPid(), me.pid()));
    try (Context ctx = Multitask.processes()) {
      // a reference to a static method captures nothing, so it travels to the child as is
      ctx.start(ProcessFunction::func);
    } // close() waits for the child, as Python's main process does before it exits
  }

  private static void func() {
    ProcessInfo me = Multitask.currentProcess();
    System.out.println("func: ppid=%d, pid=%d".formatted(me.parentPid(), me.pid()));
  }
}

package dev.multitask.examples;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;

/**
 * The same routine as a class, as Python's {@code class SimpleProcess(Process)}: "First" sleeps 2 s
 * and "Second" 1 s, so "Second" finishes first although it started second.
 */
public final class RoutineClass {
  private RoutineClass() {}

  /**
   * A process's work with its data. A record is a compact serializable class: its components are
   * the fields Python sets in {@code __init__}.
   *
   * @param name the routine's name
   * @param delaySeconds how long it sleeps
   */
  record SimpleProcess(String name, int delaySeconds) implements Action {
    @Override
    public void run() throws InterruptedException {
      System.out.println("Process " + name + " starting...");
      Thread.sleep(delaySeconds * 1000L);
      System.out.println("Process " + name + " finished");
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      // the job takes the routine's name too, as Python's self.name names the process
      Job<Void> one = ctx.job(new SimpleProcess("First", 2)).name("First").start();
      Job<Void> two = ctx.job(new SimpleProcess("Second", 1)).name("Second").start();
      one.join();
      two.join();
    }
  }
}

package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;

/**
 * One function run by two processes with different arguments (delays of 1 s and 2 s), both joined:
 * both start, both finish, the shorter one first.
 */
public final class RoutineFunction {
  private RoutineFunction() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      // Python's args=("First", 1): the lambda captures the arguments, both serializable
      Job<Void> one = ctx.start(() -> simpleRoutine("First", 1));
      Job<Void> two = ctx.start(() -> simpleRoutine("Two", 2));
      one.join();
      two.join();
    }
  }

  private static void simpleRoutine(String name, int delaySeconds) throws InterruptedException {
    System.out.println("routine " + name + " starting...");
    Thread.sleep(delaySeconds * 1000L);
    System.out.println("routine " + name + " finished");
  }
}

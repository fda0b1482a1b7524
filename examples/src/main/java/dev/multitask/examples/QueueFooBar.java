package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;

/**
 * One process queue handed to two children, as Python's {@code multiprocessing.Queue}: {@code bar}
 * puts "hello world!", {@code foo} takes it and prints it. {@code take} waits until there is
 * something to take, so it does not matter which child runs first.
 */
public final class QueueFooBar {
  private QueueFooBar() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started
   */
  public static void main(String[] args) throws Exception {
    System.out.println("main: pid=" + Multitask.currentProcess().pid());
    try (Context ctx = Multitask.processes()) {
      Queue<String> q = ctx.queue();
      ctx.start(() -> bar(q));
      ctx.start(() -> foo(q));
    }
  }

  private static void foo(Queue<String> q) throws InterruptedException {
    String msg = q.take(); // Python's q.get(): waits for an element
    System.out.println("foo (pid=" + Multitask.currentProcess().pid() + ") got: " + msg);
  }

  private static void bar(Queue<String> q) throws InterruptedException {
    q.put("hello world!");
    System.out.println("bar (pid=" + Multitask.currentProcess().pid() + ") put: hello world!");
  }
}

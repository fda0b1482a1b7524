package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;

/**
 * A last-in-first-out queue, as Python's {@code queue.LifoQueue()}: 0, 1 and 2 go in, and {@code
 * take} returns the element put last, so they come out as 2, 1, 0.
 */
public final class QueueLifo {
  private QueueLifo() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.threads()) {
      Queue<Integer> lq = ctx.lifoQueue(0); // 0: unbounded, as LifoQueue()
      for (int i = 0; i < 3; i++) {
        lq.put(i);
      }
      for (int i = 0; i < 3; i++) {
        System.out.println(lq.take());
      }
    }
  }
}

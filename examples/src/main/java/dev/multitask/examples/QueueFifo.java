package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;

/**
 * A first-in-first-out queue of at most 3 elements, as Python's {@code queue.Queue(3)}: elements
 * come out in the order they went in. On an empty queue {@code poll()} (Python's {@code
 * get_nowait()}) returns {@code null} where Python raises {@code queue.Empty}; on a full one {@code
 * offer} returns false where {@code put_nowait} raises {@code queue.Full}.
 */
public final class QueueFifo {
  private QueueFifo() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.threads()) {
      Queue<Integer> q = ctx.queue(3);
      for (int i = 1; i <= 3; i++) {
        q.put(i);
      }
      System.out.println(
          "put 1, 2, 3; size=" + q.size() + ", full=" + (q.remainingCapacity() == 0));
      if (!q.offer(4)) {
        System.out.println("put_nowait(4): queue.Full, handled (offer returned false)");
      }
      for (int i = 0; i < 3; i++) {
        System.out.println(q.take());
      }
      Integer none = q.poll(); // get_nowait()
      if (none == null) {
        System.out.println("get_nowait(): queue.Empty, handled (poll returned null)");
      }
    }
  }
}

package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import java.io.Serializable;
import java.util.Comparator;

/**
 * A priority queue, as Python's {@code queue.PriorityQueue()}: (8, 'A') goes in first and (2, 'B')
 * second, and {@code take} returns the least element, so (2, 'B') comes out first.
 */
public final class QueuePriority {
  private QueuePriority() {}

  /**
   * Python's {@code (priority, data)} tuple: ordered by priority, then by name, as tuples compare.
   *
   * @param priority lower comes out first
   * @param name the data
   */
  record Job(int priority, String name) implements Comparable<Job>, Serializable {
    private static final Comparator<Job> ORDER =
        Comparator.comparingInt(Job::priority).thenComparing(Job::name);

    @Override
    public int compareTo(Job other) {
      return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
      return "(" + priority + ", '" + name + "')";
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.threads()) {
      Queue<Job> pq = ctx.priorityQueue(0); // natural order: Job.compareTo
      pq.put(new Job(8, "A"));
      pq.put(new Job(2, "B"));
      System.out.println(pq.take());
      System.out.println(pq.take());
    }
  }
}

package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import dev.multitask.ipc.QueueClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Ten producer processes and ten consumer processes on one process queue. Each producer makes three
 * numbered products, pausing 0.5 s after each, as the tutorial's {@code productor}; each consumer
 * takes products until the queue is closed and drained. Main closes the queue once every producer
 * has finished, counts what the consumers report and prints a line showing that each product was
 * consumed exactly once.
 */
public final class ProducerConsumer {
  private static final int PRODUCERS = 10;
  private static final int CONSUMERS = 10;
  private static final int EACH = 3;

  private ProducerConsumer() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or fails, or a wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Contexts.processes()) {
      Queue<Integer> q = ctx.queue();
      List<Job<Void>> producers = new ArrayList<>();
      for (int i = 0; i < PRODUCERS; i++) {
        int first = i * EACH;
        producers.add(ctx.start(() -> producer(q, first)));
      }
      List<Job<List<Integer>>> consumers = new ArrayList<>();
      for (int i = 0; i < CONSUMERS; i++) {
        consumers.add(ctx.start(() -> consumer(q)));
      }
      for (Job<Void> p : producers) {
        p.join();
      }
      // Python's consumers each take one product; these take until there is nothing more to come
      q.close();

      TreeMap<Integer, Integer> times = new TreeMap<>(); // product -> how often it was consumed
      List<Integer> counts = new ArrayList<>();
      for (Job<List<Integer>> c : consumers) {
        List<Integer> got = c.result();
        counts.add(got.size());
        got.forEach(product -> times.merge(product, 1, Integer::sum));
      }
      System.out.println("products per consumer: " + counts);
      int total = PRODUCERS * EACH;
      boolean eachOnce =
          times.size() == total
              && times.firstKey() == 0
              && times.lastKey() == total - 1
              && times.values().stream().allMatch(n -> n == 1);
      int consumed = times.values().stream().mapToInt(Integer::intValue).sum();
      System.out.println(
          eachOnce
              ? "consumed " + consumed + " products, each once"
              : "consumed " + consumed + " products, NOT each once: " + times);
    }
  }

  private static void producer(Queue<Integer> q, int first) throws InterruptedException {
    long pid = Multitask.currentProcess().pid();
    for (int product = first; product < first + EACH; product++) {
      System.out.println("+produced product " + product + " (pid " + pid + ")");
      q.put(product);
      Thread.sleep(500);
    }
  }

  private static List<Integer> consumer(Queue<Integer> q) throws InterruptedException {
    long pid = Multitask.currentProcess().pid();
    List<Integer> got = new ArrayList<>();
    try {
      while (true) {
        int product = q.take();
        System.out.println("-consumed product " + product + " (pid " + pid + ")");
        got.add(product);
      }
    } catch (QueueClosedException e) {
      return got; // closed and drained: every product made has been taken
    }
  }
}

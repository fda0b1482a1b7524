package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import java.util.ArrayList;
import java.util.List;

/**
 * Ten threads from a function, as {@code threading.Thread(target=func)}: main lists the live
 * threads and counts them (Python's {@code enumerate()} and {@code active_count()}), joins them
 * all, then prints "all threads done".
 */
public final class ThreadStart {
  private ThreadStart() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.threads()) {
      List<Job<Void>> threads = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = i;
        threads.add(ctx.start(() -> func(n)));
      }
      // Python's enumerate() lists the main thread and every live thread it started
      List<String> alive = new ArrayList<>();
      alive.add(Thread.currentThread().getName());
      threads.stream().filter(Job::isAlive).map(Job::name).forEach(alive::add);
      System.out.println("threads: " + alive);
      System.out.println("active count: " + alive.size());
      for (Job<Void> t : threads) {
        t.join();
      }
      System.out.println("all threads done");
    }
  }

  private static void func(int i) throws InterruptedException {
    System.out.println("start:" + i + ", thread id: " + Thread.currentThread().threadId());
    Thread.sleep(1000);
    System.out.println("end:" + i);
  }
}

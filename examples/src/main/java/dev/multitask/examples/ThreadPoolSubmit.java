package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.pool.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Python's {@code ThreadPoolExecutor(4)} with 20 submitted tasks, each printing its number and the
 * ident of the thread running it: a pool of threads is {@code ctx.pool(4)} on a threads context,
 * and however many tasks are submitted, at most four threads run them.
 *
 * <p>Python's program ends with the interpreter waiting for the executor; here closing the pool
 * waits for its tasks. Main then counts the distinct thread ids the tasks returned.
 */
public final class ThreadPoolSubmit {
  private ThreadPoolSubmit() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a task failed
   */
  public static void main(String[] args) throws Exception {
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    try (Context ctx = Multitask.threads();
        Pool tp = ctx.pool(4)) {
      for (int i = 0; i < 20; i++) {
        int n = i;
        futures.add(tp.submit(() -> func(n)));
      }
    } // closing the pool waits for the 20 tasks
    TreeSet<Long> threads = new TreeSet<>();
    for (CompletableFuture<Long> f : futures) {
      threads.add(f.get());
    }
    System.out.println("20 tasks ran on " + threads.size() + " threads: " + threads);
  }

  private static long func(int i) {
    long ident = Thread.currentThread().threadId();
    System.out.println(i + " " + ident);
    return ident;
  }
}

package dev.multitask.examples;

import dev.multitask.coro.Coroutine;
import dev.multitask.coro.Coroutines;
import dev.multitask.pool.Futures.ReturnWhen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tutorial's timing: {@code job(t)} sleeps t seconds, for t = 1 and 2. Called one after the
 * other they take about 3 s; as coroutines on one event loop, both sleep at once and the program
 * takes about 2 s, the longest sleep, with a single coroutine running at any time.
 */
public final class CoroutineVsSequential {
  private CoroutineVsSequential() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a sleep is interrupted
   */
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    for (int t = 1; t <= 2; t++) {
      Thread.sleep(t * 1000L); // time.sleep(t): nothing else can run meanwhile
      System.out.println("sequential job(" + t + ") took " + t + " s");
    }
    System.out.println("sequential: " + Clock.secondsSince(start) + " s");

    long coroutines = System.nanoTime();
    Coroutines.run(
        () -> {
          List<Coroutine<Void>> tasks = new ArrayList<>();
          for (int t = 1; t <= 2; t++) {
            int seconds = t;
            tasks.add(Coroutines.spawn(() -> job(seconds))); // loop.create_task(job(t))
          }
          Coroutines.wait(tasks, null, ReturnWhen.ALL_COMPLETED); // await asyncio.wait(tasks)
        });
    System.out.println("coroutines: " + Clock.secondsSince(coroutines) + " s");
  }

  private static void job(int seconds) {
    Coroutines.sleep(Duration.ofSeconds(seconds)); // await asyncio.sleep(t): the other job runs
    System.out.println("coroutine job(" + seconds + ") took " + seconds + " s");
  }
}

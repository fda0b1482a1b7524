package dev.multitask.examples;

import dev.multitask.coro.Coroutine;
import dev.multitask.coro.Coroutines;
import java.time.Duration;

/**
 * The tutorial's asyncio program: {@code long_task} sleeps 1 s; while it is paused, {@code job1}
 * runs until its own await point, {@code hello_world} runs, and {@code job1} resumes and finishes;
 * {@code long_task} finishes last. The event loop runs one coroutine at a time and switches only at
 * await points, handing the loop to the coroutines in the order they became ready, so the seven
 * lines come in the same order on every run.
 */
public final class CoroutineInterleave {
  private CoroutineInterleave() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Coroutines.run(
        () -> { // loop.create_task(...) three times, then run the loop until they are done
          Coroutine<Void> longTask = Coroutines.spawn("long_task", CoroutineInterleave::longTask);
          Coroutine<Void> job1 = Coroutines.spawn("job1", CoroutineInterleave::job1);
          Coroutine<Void> hello = Coroutines.spawn("hello_world", CoroutineInterleave::helloWorld);
          Coroutines.gather(longTask, job1, hello);
        });
  }

  private static void longTask() {
    System.out.println("long task started");
    Coroutines.sleep(Duration.ofSeconds(1)); // await asyncio.sleep(1): the others run meanwhile
    System.out.println("long task finished");
  }

  private static void job1() {
    System.out.println("job1 started...");
    System.out.println("job1 paused");
    Coroutines.yield(); // await asyncio.sleep(0): hello_world, ready before us, runs now
    System.out.println("job1 resumed");
    System.out.println("job1 finished");
  }

  private static void helloWorld() {
    System.out.println("hello world");
  }
}

package dev.multitask;

import dev.multitask.engine.BackendContext;
import dev.multitask.ipc.Queue;
import dev.multitask.process.ProcessBackend;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A parent program for {@link ParentExitTest}, run in a JVM of its own so that the test can kill it
 * or watch it end. It never closes its context: what happens to the children is up to the library's
 * handling of the parent's end, as in a Python script that just falls off its end.
 *
 * <p>Usage: {@code ParentExitMain <mode> <scratch directory>}, modes:
 *
 * <ul>
 *   <li>{@code sleep-forever}: starts a non-daemon child that sleeps, waits for the standby worker
 *       too, prints {@code CHILD <pid>} and sleeps until killed;
 *   <li>{@code objects-forever}: makes a queue, a lock, an event and a shared value, starts a child
 *       that uses them all and then waits for the event, waits for the standby worker too, prints
 *       {@code CHILD <pid>} and sleeps until killed;
 *   <li>{@code main-returns}: starts a non-daemon child that prints for 1.5 s, and returns;
 *   <li>{@code daemon-loops}: starts a daemon child that loops forever, prints {@code DAEMON <pid>}
 *       once it runs, and returns; at exit it prints the daemon's exit code;
 *   <li>{@code output}: starts a child that writes to standard output and error, and returns.
 * </ul>
 */
public final class ParentExitMain {
  private ParentExitMain() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path dir = Path.of(args[1]);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> System.out.println("PARENT shutting down")));
    Context ctx = Multitask.processes();
    switch (mode) {
      case "sleep-forever" -> {
        String started = dir.resolve("child-started").toString();
        Job<String> job = ctx.start(JobContract.sleepAfterTouching(started));
        Gates.awaitStarted(job, started);
        if (!((ProcessBackend) ((BackendContext) ctx).backend())
            .awaitStandby(Duration.ofSeconds(30))) {
          throw new IllegalStateException("no standby worker");
        }
        System.out.println("CHILD " + job.pid());
        Thread.sleep(600_000);
      }
      case "objects-forever" -> {
        Queue<String> queue = ctx.queue();
        Lock lock = ctx.lock();
        Event event = ctx.event();
        SharedLong counter = ctx.sharedLong(0);
        queue.put("from the parent");
        String started = dir.resolve("child-started").toString();
        Job<String> job =
            ctx.start(
                () -> {
                  String message = queue.take();
                  try (var _ = lock.hold()) {
                    counter.addAndGet(1);
                  }
                  Gates.touch(started);
                  event.await();
                  return message;
                });
        Gates.awaitStarted(job, started);
        if (!((ProcessBackend) ((BackendContext) ctx).backend())
            .awaitStandby(Duration.ofSeconds(30))) {
          throw new IllegalStateException("no standby worker");
        }
        System.out.println("CHILD " + job.pid());
        Thread.sleep(600_000);
      }
      case "main-returns" -> {
        Action body =
            () -> {
              System.out.println("CHILD started");
              Thread.sleep(1_500);
              System.out.println("CHILD last line");
            };
        ctx.start(body);
        System.out.println("PARENT main returns");
      }
      case "daemon-loops" -> {
        String started = dir.resolve("daemon-started").toString();
        Action body =
            () -> {
              Gates.touch(started);
              while (true) {
                Thread.sleep(20);
              }
            };
        Job<Void> job = ctx.job(body).daemon(true).start();
        Gates.awaitStarted(job, started);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        job.join(Duration.ofSeconds(10));
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      System.out.println("DAEMON exit " + job.exitCode());
                    }));
        System.out.println("DAEMON " + job.pid());
        System.out.println("PARENT main returns");
      }
      case "output" -> {
        Action body =
            () -> {
              System.out.println("CHILD says hello on stdout");
              System.err.println("CHILD says hello on stderr");
            };
        ctx.start(body).join();
        System.out.println("PARENT main returns");
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }
}

package hello;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import dev.multitask.pool.Pool;
import java.io.PrintStream;
import java.util.List;

/** A job, a queue and a pool, each in child JVMs: what most programs on multitask start with. */
public final class Hello {
  private Hello() {}

  /**
   * Runs the three and prints what each gave.
   *
   * @param args ignored
   * @throws Exception if one of them fails
   */
  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static void run(PrintStream out) throws Exception {
    try (Context ctx = Multitask.processes()) { // or Multitask.threads(), Multitask.coroutines()
      Job<Long> job = ctx.start(() -> Multitask.currentProcess().pid()); // runs in a child JVM
      long childPid = job.result();
      out.println("job: ran in another process: " + (childPid != ProcessHandle.current().pid()));

      Queue<String> queue = ctx.queue();
      Job<Void> producer = ctx.start(() -> queue.put("hello from a child")); // the same queue
      out.println("queue: " + queue.take());
      producer.join();

      try (Pool pool = ctx.pool(2)) {
        List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4, 5));
        out.println("pool: " + squares);
      }
    }
  }
}

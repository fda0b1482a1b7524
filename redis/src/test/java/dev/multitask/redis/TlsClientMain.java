package dev.multitask.redis;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Lock;

/**
 * A JVM that opens a cluster context by the URL it is given (argument 1) and uses a queue, a lock
 * and a shared long in it, printing one line per result; these need no worker. With a second
 * argument {@code job}, it also starts a job that puts into the queue from a worker's child JVM,
 * and prints what the job returned and what the queue got. A context that cannot be opened throws
 * out of {@code main}: the JVM prints the error and exits with status 1, as a user's program would.
 */
public final class TlsClientMain {
  private TlsClientMain() {}

  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.cluster(args[0])) {
      System.out.println("connected");
      Queue<String> queue = ctx.queue();
      queue.put("hello over TLS");
      System.out.println("queue took: " + queue.take());

      Lock lock = ctx.lock();
      lock.lock();
      try {
        System.out.println("lock locked: " + lock.isLocked());
      } finally {
        lock.unlock();
      }
      System.out.println("lock locked after unlock: " + lock.isLocked());

      SharedLong counter = ctx.sharedLong(40);
      System.out.println("sharedLong: " + counter.addAndGet(2));

      if (args.length > 1 && args[1].equals("job")) {
        Job<String> job =
            ctx.start(
                () -> {
                  queue.put("hello from a job");
                  return "job returned";
                });
        System.out.println(job.result());
        System.out.println("queue took: " + queue.take());
      }
    }
  }
}

package dev.multitask.examples;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A producer thread and a consumer thread on one queue, written as classes as Python's {@code class
 * Producer(threading.Thread)}: the producer puts 1 to 4, the consumer takes four items, each
 * pausing a random time after every item; main joins both and prints "All threads finished!".
 */
public final class ProducerConsumerThreads {
  private ProducerConsumerThreads() {}

  /**
   * Puts 1 to 4 on the queue. The thread's name is the job's name, Python's {@code getName()}.
   *
   * @param queue where the items go
   */
  record Producer(Queue<Integer> queue) implements Action {
    @Override
    public void run() throws InterruptedException {
      String name = Thread.currentThread().getName();
      for (int i = 1; i < 5; i++) {
        System.out.println(name + " is producing " + i + " to the queue!");
        queue.put(i);
        Thread.sleep(ThreadLocalRandom.current().nextInt(10) * 200L); // randrange(10) / 5 s
      }
      System.out.println(name + " finished!");
    }
  }

  /**
   * Takes four items from the queue.
   *
   * @param queue where the items come from
   */
  record Consumer(Queue<Integer> queue) implements Action {
    @Override
    public void run() throws InterruptedException {
      String name = Thread.currentThread().getName();
      for (int i = 1; i < 5; i++) {
        int val = queue.take();
        System.out.println(name + " is consuming " + val + " in the queue.");
        // the tutorial sleeps randrange(10) s, up to 9 s per item; a fifth of that shows the same
        Thread.sleep(ThreadLocalRandom.current().nextInt(10) * 200L);
      }
      System.out.println(name + " finished!");
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
      Queue<Integer> queue = ctx.queue();
      Job<Void> producer = ctx.job(new Producer(queue)).name("Producer").start();
      Job<Void> consumer = ctx.job(new Consumer(queue)).name("Consumer").start();
      producer.join();
      consumer.join();
      System.out.println("All threads finished!");
    }
  }
}

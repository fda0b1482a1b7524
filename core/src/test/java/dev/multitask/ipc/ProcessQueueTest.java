package dev.multitask.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Process queues between real child JVMs: volume, a producer killed mid-write, a 64 MiB element,
 * blocked consumers and handles passed through queues. Bodies capture only queues and numbers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessQueueTest {
  private Context ctx;

  @BeforeAll
  void open() {
    ctx = Multitask.processes();
  }

  @AfterAll
  void close() {
    ctx.close();
  }

  /**
   * Ten producer and ten consumer processes move one million numbered elements through one queue.
   */
  @Test
  void tenProducersTenConsumers_millionElements_noneLostNoneDuplicated() throws Exception {
    Queue<Long> q = ctx.queue();
    int producers = 10;
    int consumers = 10;
    int each = 100_000;
    List<Job<Void>> sending = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      long base = (long) p * each;
      sending.add(
          ctx.start(
              () -> {
                for (int i = 0; i < each; i++) {
                  q.put(base + i);
                }
              }));
    }
    List<Job<long[]>> receiving = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      receiving.add(
          ctx.start(
              () -> {
                long[] got = new long[1024];
                int n = 0;
                for (long v; (v = q.take()) >= 0; ) {
                  if (n == got.length) {
                    got = Arrays.copyOf(got, n * 2);
                  }
                  got[n++] = v;
                }
                return Arrays.copyOf(got, n);
              }));
    }
    for (Job<Void> job : sending) {
      job.result();
    }
    for (int c = 0; c < consumers; c++) {
      q.put(-1L); // one end mark per consumer
    }
    BitSet seen = new BitSet(producers * each);
    long total = 0;
    for (Job<long[]> job : receiving) {
      for (long v : job.result()) {
        assertTrue(!seen.get((int) v), "delivered twice: " + v);
        seen.set((int) v);
        total++;
      }
    }
    assertEquals((long) producers * each, total);
    assertEquals(producers * each, seen.cardinality());
    assertEquals(0, q.size());
  }

  /**
   * A producer SIGKILLed at a random moment, possibly holding the producer lock or between chaining
   * rings, leaves only whole elements: what it put comes out in order without a gap, and the queue
   * goes on working for everyone else.
   */
  @Test
  void producerKilledMidWrite_leavesOnlyWholeElements_andTheQueueWorks() throws Exception {
    Queue<Long> q = ctx.queue();
    for (int round = 0; round < 4; round++) {
      long base = round * 1_000_000_000L;
      Job<Void> producer =
          ctx.start(
              () -> {
                for (long i = 0; ; i++) {
                  q.put(base + i);
                }
              });
      while (q.size() < 1000) {
        Thread.sleep(5);
      }
      Thread.sleep(ThreadLocalRandom.current().nextInt(20, 200));
      producer.kill();
      producer.join();
      assertEquals(-9, producer.exitCode().orElseThrow());
      q.put(-1L); // needs the producer lock: taken over if the producer died holding it
      long expected = base;
      for (long v; (v = q.take()) != -1L; ) {
        assertEquals(expected++, v, "round " + round);
      }
      assertTrue(
          expected - base >= 1000, "round " + round + ": only " + (expected - base) + " elements");
    }
  }

  /** A 64 MiB element put in a child arrives whole. */
  @Test
  void largeElement_64MiB_crossesProcessesWhole() throws Exception {
    Queue<byte[]> q = ctx.queue(1);
    Job<Void> producer = ctx.start(() -> q.put(randomBytes(64 << 20, 42)));
    byte[] got = q.take();
    producer.join();
    assertEquals(0, producer.exitCode().orElseThrow());
    assertArrayEquals(randomBytes(64 << 20, 42), got);
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** A consumer blocked in take for two seconds uses (almost) no CPU. */
  @Test
  void blockedConsumer_usesNoCpu() throws Exception {
    Queue<String> q = ctx.queue();
    Queue<String> ready = ctx.queue();
    Job<Long> consumer =
        ctx.start(
            () -> {
              ready.put("waiting");
              long before = threadCpuTicks();
              q.take();
              return (threadCpuTicks() - before) * 10_000_000L; // ticks of 10 ms
            });
    ready.take();
    Thread.sleep(2000);
    q.put("wake up");
    long cpuNanos = consumer.result();
    assertTrue(
        cpuNanos < TimeUnit.MILLISECONDS.toNanos(30),
        "blocked consumer used " + cpuNanos / 1e6 + " ms CPU");
  }

  /** The calling thread's user + system CPU time in clock ticks, from /proc/thread-self/stat. */
  static long threadCpuTicks() throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11])
        + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
  }

  /** A queue sent through another queue is the same queue in the child. */
  @Test
  void queueHandle_sentThroughAQueue_worksInTheChild() throws Exception {
    Queue<Queue<String>> mailbox = ctx.queue();
    Queue<String> replies = ctx.queue();
    mailbox.put(replies);
    Job<Void> child =
        ctx.start(() -> mailbox.take().put("reply from " + Multitask.currentProcess().pid()));
    assertEquals("reply from " + child.pid(), replies.poll(30, TimeUnit.SECONDS));
    child.join();
  }
}

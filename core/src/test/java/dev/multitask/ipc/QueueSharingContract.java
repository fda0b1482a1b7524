package dev.multitask.ipc;

import static dev.multitask.ipc.IpcTesting.LONG_WAIT;
import static dev.multitask.ipc.IpcTesting.SHORT;
import static dev.multitask.ipc.IpcTesting.SHORT_MS;
import static dev.multitask.ipc.IpcTesting.putting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link Queue} shared between parties: closing it (which wakes blocked takers and putters), the
 * {@link JoinableQueue}'s task counting and join, a blocked taker interrupted, elements passed
 * between jobs and the test, and a queue's handle carried through another queue; run over every
 * backend by {@link QueueContractTest}.
 *
 * <p>Job bodies capture only queues, strings and numbers (never the test instance, which is not
 * serializable), so that they travel to child JVMs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class QueueSharingContract {
  /** The backend's context, shared by its tests; set before each test from {@link #backend()}. */
  Context ctx;

  /** The backend under test, whose class nests this one. */
  abstract IpcContract backend();

  @BeforeEach
  void useBackend() {
    ctx = backend().ctx;
  }

  // ---- bodies (static, so that lambdas capture nothing but their arguments) ----

  /** Takes until it sees {@code stop}, and returns what it took. */
  static Task<ArrayList<Integer>> takingUntil(Queue<Integer> q, int stop) {
    return () -> {
      ArrayList<Integer> taken = new ArrayList<>();
      for (Integer i = q.take(); i != stop; i = q.take()) {
        taken.add(i);
      }
      return taken;
    };
  }

  /** Takes {@code count} elements, reporting each done. */
  static Action takingAndReportingDone(JoinableQueue<String> q, int count) {
    return () -> {
      for (int i = 0; i < count; i++) {
        q.take();
        Thread.sleep(5);
        q.taskDone();
      }
    };
  }

  /** Says it is ready, then takes: returns what it took, or "closed". */
  static Task<String> takingAfterReady(Queue<String> ready, Queue<String> q) {
    return () -> {
      ready.put("ready");
      try {
        return "took " + q.take();
      } catch (QueueClosedException e) {
        return "closed";
      }
    };
  }

  /** Says it is ready, then puts into a full queue: returns "put", or "closed". */
  static Task<String> puttingAfterReady(Queue<String> ready, Queue<String> q) {
    return () -> {
      ready.put("ready");
      try {
        q.put("blocked");
        return "put";
      } catch (QueueClosedException e) {
        return "closed";
      }
    };
  }

  // ---- close ----

  @Test
  void put_afterClose_isRejected() throws Exception {
    Queue<String> q = ctx.queue();
    assertFalse(q.isClosed());
    q.close();
    q.close(); // twice does nothing

    assertTrue(q.isClosed());
    QueueClosedException e = assertThrows(QueueClosedException.class, () -> q.put("late"));
    assertInstanceOf(IllegalStateException.class, e);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(QueueClosedException.class, () -> q.offer("late"));
    assertThrows(QueueClosedException.class, () -> q.offer("late", 1, TimeUnit.SECONDS));
  }

  @Test
  void take_afterClose_drainsThenThrows() throws Exception {
    Queue<String> q = ctx.queue();
    q.put("a");
    q.put("b");
    q.close();

    assertEquals("a", q.take());
    assertEquals("b", q.take());
    assertThrows(QueueClosedException.class, q::take);
  }

  @Test
  void poll_closedAndDrained_returnsNullAtOnce() throws Exception {
    Queue<String> q = ctx.queue();
    q.put("a");
    q.close();

    assertEquals("a", q.poll(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    long start = System.nanoTime();
    assertNull(q.poll(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertNull(q.poll());
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(
        waitedMs < LONG_WAIT.toMillis() / 2, "poll waited " + waitedMs + " ms on a closed queue");
  }

  @Test
  void close_wakesBlockedTakerWithException() throws Exception {
    Queue<String> ready = ctx.queue();
    Queue<String> q = ctx.queue();
    Job<String> taker = ctx.start(takingAfterReady(ready, q));
    assertEquals("ready", ready.take());
    Thread.sleep(SHORT_MS); // let it block in take (if it has not yet, take throws all the same)

    q.close();

    assertEquals("closed", taker.result());
  }

  @Test
  void close_wakesBlockedPutterWithException() throws Exception {
    Queue<String> ready = ctx.queue();
    Queue<String> q = ctx.queue(1);
    q.put("full");
    Job<String> putter = ctx.start(puttingAfterReady(ready, q));
    assertEquals("ready", ready.take());
    Thread.sleep(SHORT_MS); // let it block in put (if it has not yet, put throws all the same)

    q.close();

    assertEquals("closed", putter.result());
    assertEquals("full", q.take());
    assertNull(q.poll(), "the woken put added nothing");
  }

  /**
   * Python 3.13's {@code shutdown(immediate=True)}: the rest is discarded and counted done, so a
   * {@code join()} returns once the elements already taken are reported done.
   */
  @Test
  void shutdown_immediate_discardsTheRestAndReleasesJoin() throws Exception {
    JoinableQueue<String> q = ctx.joinableQueue(0);
    q.put("taken");
    q.put("left");
    q.put("left too");
    assertEquals("taken", q.take());
    Task<Boolean> joining = () -> q.join(LONG_WAIT);
    Job<Boolean> joiner = ctx.start(joining);

    q.shutdown(true);

    assertTrue(q.isClosed());
    assertEquals(0, q.size());
    assertNull(q.poll());
    assertThrows(QueueClosedException.class, q::take);
    assertThrows(QueueClosedException.class, () -> q.put("late"));
    assertEquals(1, q.unfinishedTasks(), "the element taken before is still out");
    assertFalse(joiner.join(SHORT), "join returned with a task unfinished");
    q.taskDone();
    assertTrue(joiner.result(), "join did not return once the taken element was done");
    assertThrows(IllegalStateException.class, q::taskDone);
    q.shutdown(true); // again: nothing left to do
    q.shutdown(false);

    Queue<String> kept = ctx.queue();
    kept.put("kept");
    kept.shutdown(false);
    assertEquals("kept", kept.take(), "shutdown(false) leaves the rest to the takers");
    assertThrows(QueueClosedException.class, kept::take);
  }

  // ---- joinable ----

  @Test
  void taskDone_beyondElementsPut_isRejected() throws Exception {
    JoinableQueue<String> q = ctx.joinableQueue(0);
    q.put("a");
    q.take();
    q.taskDone();

    assertThrows(IllegalStateException.class, q::taskDone);
    assertEquals(0, q.unfinishedTasks());
  }

  @Test
  void join_returnsOnceJobsReportEveryTaskDone() throws Exception {
    JoinableQueue<String> q = ctx.joinableQueue(0);
    for (int i = 0; i < 10; i++) {
      q.put("task " + i);
    }
    assertEquals(10, q.unfinishedTasks());
    Job<Void> first = ctx.start(takingAndReportingDone(q, 5));
    Job<Void> second = ctx.start(takingAndReportingDone(q, 5));

    assertTrue(q.join(LONG_WAIT), "join timed out with " + q.unfinishedTasks() + " unfinished");
    q.join();
    assertEquals(0, q.unfinishedTasks());
    first.result();
    second.result();
  }

  @Test
  void timedJoin_tasksUnfinished_returnsFalse() throws Exception {
    JoinableQueue<String> q = ctx.joinableQueue(0);
    q.put("a");
    q.take(); // taken is not done

    assertFalse(q.join(Duration.ofMillis(SHORT_MS)));
    assertEquals(1, q.unfinishedTasks());
    q.taskDone();
    assertTrue(q.join(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> q.join(Duration.ofMillis(-1)));
  }

  // ---- interrupts ----

  @Test
  void take_blockedTakerInterrupted_leavesQueueIntact() throws Exception {
    Queue<String> q = ctx.queue();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread taker =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    outcome.set(new AssertionError("took " + q.take()));
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                });
    Thread.sleep(SHORT_MS);

    taker.interrupt();
    taker.join(LONG_WAIT);

    assertInstanceOf(InterruptedException.class, outcome.get());
    q.put("kept");
    assertEquals("kept", q.poll());
  }

  // ---- jobs ----

  @Test
  void elementPutByJob_isDelivered() throws Exception {
    Queue<String> q = ctx.queue();
    Action body = () -> q.put("from job");
    Job<Void> job = ctx.start(body);

    assertEquals("from job", q.take());
    job.result();
  }

  @Test
  void element_isDeliveredToJob() throws Exception {
    Queue<String> q = ctx.queue();
    Job<String> job = ctx.start(() -> "job took " + q.take());

    q.put("from test");

    assertEquals("job took from test", job.result());
  }

  @Test
  void manyProducersAndConsumers_deliverEachElementOnce() throws Exception {
    int jobs = 4;
    int perJob = backend().elementsPerProducer();
    Queue<Integer> q = ctx.queue(100);
    List<Job<ArrayList<Integer>>> consumers = new ArrayList<>();
    for (int c = 0; c < jobs; c++) {
      consumers.add(ctx.start(takingUntil(q, -1)));
    }
    List<Job<Void>> producers = new ArrayList<>();
    for (int p = 0; p < jobs; p++) {
      producers.add(ctx.start(putting(q, p * perJob, perJob)));
    }
    for (Job<Void> producer : producers) {
      producer.result();
    }
    for (int c = 0; c < jobs; c++) {
      q.put(-1);
    }

    Set<Integer> seen = new HashSet<>();
    int taken = 0;
    for (Job<ArrayList<Integer>> consumer : consumers) {
      List<Integer> got = consumer.result();
      taken += got.size();
      seen.addAll(got);
    }
    assertEquals(jobs * perJob, taken, "elements taken, counting repeats");
    assertEquals(jobs * perJob, seen.size(), "distinct elements taken");
    assertEquals(0, q.size(), "elements left after every consumer took its stop element");
  }

  @Test
  void queue_sentThroughAnotherQueue_stillWorks() throws Exception {
    Queue<Queue<String>> carrier = ctx.queue();
    Queue<String> original = ctx.queue();
    carrier.put(original);

    Queue<String> received = carrier.take();
    received.put("via the received handle");

    assertEquals("via the received handle", original.take());
    original.put("via the original");
    assertEquals("via the original", received.take());
  }
}

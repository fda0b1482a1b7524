package dev.multitask.ipc;

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
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Queue} and {@link JoinableQueue} contract, written once and run over every backend
 * by the nested classes of {@link QueueContractTest}. One context per backend serves all tests.
 *
 * <p>Job bodies capture only queues, strings and numbers (never the test instance, which is not
 * serializable), so that they travel to child JVMs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class QueueContract {
  private static final Duration LONG_WAIT = Duration.ofSeconds(30);
  private static final long SHORT_MS = 200;

  /** The context under test, shared by the tests of one backend. */
  protected Context ctx;

  /** Makes a new context of the backend under test. */
  abstract Context newContext();

  /** An element with a priority; ordered by priority alone, so names tell equal ones apart. */
  record Item(int priority, String name) implements Comparable<Item>, Serializable {
    @Override
    public int compareTo(Item other) {
      return Integer.compare(priority, other.priority);
    }
  }

  /** Serializable and not {@link Comparable}. */
  record Plain(int value) implements Serializable {}

  @BeforeAll
  void openContext() {
    ctx = newContext();
  }

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Job<?> job : ctx.activeChildren()) {
      job.kill();
      job.join(LONG_WAIT);
    }
  }

  @AfterAll
  void closeContext() {
    ctx.close();
  }

  // ---- bodies (static, so that lambdas capture nothing but their arguments) ----

  static Action putting(Queue<Integer> q, int from, int count) {
    return () -> {
      for (int i = 0; i < count; i++) {
        q.put(from + i);
      }
    };
  }

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

  /** Sleeps a moment, then puts {@code element}. */
  static Action puttingLater(Queue<String> q, String element) {
    return () -> {
      Thread.sleep(SHORT_MS);
      q.put(element);
    };
  }

  // ---- order ----

  @Test
  void shouldTakeInPutOrderFromFifoQueue() throws Exception {
    Queue<Integer> q = ctx.queue();
    for (int i = 0; i < 5; i++) {
      q.put(i);
    }

    for (int i = 0; i < 5; i++) {
      assertEquals(i, q.take());
    }
  }

  @Test
  void shouldTakeLastPutFirstFromLifoQueue() throws Exception {
    Queue<Integer> q = ctx.lifoQueue(0);
    q.put(0);
    q.put(1);
    q.put(2);

    assertEquals(List.of(2, 1, 0), List.of(q.take(), q.take(), q.take()));
  }

  @Test
  void shouldTakeLeastFirstInNaturalOrderFromPriorityQueue() throws Exception {
    Queue<Item> q = ctx.priorityQueue(0);
    q.put(new Item(8, "A"));
    q.put(new Item(2, "B"));
    q.put(new Item(5, "C"));

    assertEquals(new Item(2, "B"), q.take());
    assertEquals(new Item(5, "C"), q.take());
    assertEquals(new Item(8, "A"), q.take());
  }

  @Test
  void shouldTakeLeastFirstByComparatorFromPriorityQueue() throws Exception {
    Queue<String> q = ctx.priorityQueue(0, (Comparator<String> & Serializable) (a, b) -> b.compareTo(a));
    q.put("b");
    q.put("c");
    q.put("a");

    assertEquals(List.of("c", "b", "a"), List.of(q.take(), q.take(), q.take()));
  }

  @Test
  void shouldTakeEqualPrioritiesInPutOrder() throws Exception {
    Queue<Item> q = ctx.priorityQueue(0);
    q.put(new Item(1, "first"));
    q.put(new Item(0, "least"));
    q.put(new Item(1, "second"));
    q.put(new Item(1, "third"));

    assertEquals("least", q.take().name());
    assertEquals(List.of("first", "second", "third"), List.of(q.take().name(), q.take().name(), q.take().name()));
  }

  @Test
  void shouldRejectNonComparableElementInNaturalPriorityQueue() throws Exception {
    Queue<Object> q = ctx.priorityQueue(0);
    q.put(new Item(1, "comparable"));

    ClassCastException e = assertThrows(ClassCastException.class, () -> q.put(new Plain(1)));
    assertTrue(e.getMessage().contains(Plain.class.getName()), e.getMessage());
    assertEquals(1, q.size(), "the queue is unchanged");
    assertEquals(new Item(1, "comparable"), q.take());
  }

  // ---- bounds ----

  @Test
  void shouldRefuseOfferWhenFull() throws Exception {
    Queue<String> q = ctx.queue(2);
    assertTrue(q.offer("a"));
    assertTrue(q.offer("b"));

    assertFalse(q.offer("c"));
    assertEquals(2, q.size());
    assertEquals(0, q.remainingCapacity());
  }

  @Test
  void shouldRefuseTimedOfferAfterTimeoutWhenFull() throws Exception {
    Queue<String> q = ctx.queue(1);
    q.put("a");

    long start = System.nanoTime();
    assertFalse(q.offer("b", SHORT_MS, TimeUnit.MILLISECONDS));
    long waitedMs = (System.nanoTime() - start) / 1_000_000;

    assertTrue(waitedMs >= SHORT_MS * 3 / 4, "waited only " + waitedMs + " ms");
    assertEquals(List.of("a"), List.of(q.take()));
  }

  @Test
  void shouldBlockPutUntilTakeMakesRoom() throws Exception {
    Queue<Integer> q = ctx.queue(1);
    q.put(0);
    Job<Void> producer = ctx.start(putting(q, 1, 1));

    assertFalse(producer.join(Duration.ofMillis(SHORT_MS)), "put returned on a full queue");
    assertEquals(1, q.size());
    assertEquals(0, q.take());
    assertTrue(producer.join(LONG_WAIT), "put did not return once there was room");
    assertEquals(1, q.take());
  }

  @Test
  void shouldReportRemainingCapacity() throws Exception {
    Queue<String> bounded = ctx.queue(3);
    Queue<String> unbounded = ctx.queue();
    bounded.put("a");
    unbounded.put("a");

    assertEquals(2, bounded.remainingCapacity());
    assertEquals(Integer.MAX_VALUE, unbounded.remainingCapacity());
  }

  // ---- empty, size, drain ----

  @Test
  void shouldReturnNullFromPollWhenEmpty() throws Exception {
    Queue<String> q = ctx.queue();

    assertNull(q.poll());
    long start = System.nanoTime();
    assertNull(q.poll(SHORT_MS, TimeUnit.MILLISECONDS));
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waitedMs >= SHORT_MS * 3 / 4, "waited only " + waitedMs + " ms");
  }

  @Test
  void shouldReturnElementArrivingDuringTimedPoll() throws Exception {
    Queue<String> q = ctx.queue();
    Job<Void> job = ctx.start(puttingLater(q, "late"));

    String got = q.poll(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertEquals("late", got,
        () -> "poll gave up; the putting job: alive=" + job.isAlive() + ", exit code " + job.exitCode());
    job.result();
  }

  @Test
  void shouldPeekWithoutTaking() throws Exception {
    Queue<String> q = ctx.queue();
    assertNull(q.peek());
    q.put("a");

    assertEquals("a", q.peek());
    assertEquals(1, q.size());
    assertEquals("a", q.poll());
  }

  @Test
  void shouldReportSizeAndEmptiness() throws Exception {
    Queue<String> q = ctx.queue();
    assertTrue(q.isEmpty());
    assertEquals(0, q.size());

    q.put("a");
    q.put("b");

    assertFalse(q.isEmpty());
    assertEquals(2, q.size());
  }

  @Test
  void shouldDrainAllElementsInOrder() throws Exception {
    Queue<Integer> q = ctx.queue();
    for (int i = 0; i < 5; i++) {
      q.put(i);
    }
    List<Integer> sink = new ArrayList<>();

    assertEquals(5, q.drainTo(sink));
    assertEquals(List.of(0, 1, 2, 3, 4), sink);
    assertTrue(q.isEmpty());
  }

  @Test
  void shouldDrainAtMostMaxElements() throws Exception {
    Queue<Integer> q = ctx.queue(5);
    for (int i = 0; i < 5; i++) {
      q.put(i);
    }
    List<Integer> sink = new ArrayList<>();

    assertEquals(3, q.drainTo(sink, 3));
    assertEquals(List.of(0, 1, 2), sink);
    assertEquals(2, q.size());
    assertEquals(3, q.remainingCapacity());
  }

  // ---- close ----

  @Test
  void shouldRejectPutAfterClose() throws Exception {
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
  void shouldDrainThenThrowFromTakeAfterClose() throws Exception {
    Queue<String> q = ctx.queue();
    q.put("a");
    q.put("b");
    q.close();

    assertEquals("a", q.take());
    assertEquals("b", q.take());
    assertThrows(QueueClosedException.class, q::take);
  }

  @Test
  void shouldReturnNullFromPollAtOnceWhenClosedAndDrained() throws Exception {
    Queue<String> q = ctx.queue();
    q.put("a");
    q.close();

    assertEquals("a", q.poll(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    long start = System.nanoTime();
    assertNull(q.poll(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertNull(q.poll());
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waitedMs < LONG_WAIT.toMillis() / 2, "poll waited " + waitedMs + " ms on a closed queue");
  }

  @Test
  void shouldWakeBlockedTakerWithExceptionOnClose() throws Exception {
    Queue<String> ready = ctx.queue();
    Queue<String> q = ctx.queue();
    Job<String> taker = ctx.start(takingAfterReady(ready, q));
    assertEquals("ready", ready.take());
    Thread.sleep(SHORT_MS); // let it block in take (if it has not yet, take throws all the same)

    q.close();

    assertEquals("closed", taker.result());
  }

  @Test
  void shouldWakeBlockedPutterWithExceptionOnClose() throws Exception {
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

  // ---- arguments ----

  @Test
  void shouldRejectNullElement() {
    Queue<String> q = ctx.queue(1);

    assertThrows(NullPointerException.class, () -> q.put(null));
    assertThrows(NullPointerException.class, () -> q.offer(null));
    assertThrows(NullPointerException.class, () -> q.offer(null, 1, TimeUnit.SECONDS));
    assertTrue(q.isEmpty());
  }

  @Test
  void shouldRejectNegativeCapacity() {
    assertThrows(IllegalArgumentException.class, () -> ctx.queue(-1));
    assertThrows(IllegalArgumentException.class, () -> ctx.lifoQueue(-1));
    assertThrows(IllegalArgumentException.class, () -> ctx.priorityQueue(-1));
    assertThrows(IllegalArgumentException.class, () -> ctx.joinableQueue(-1));
  }

  // ---- joinable ----

  @Test
  void shouldRejectTaskDoneBeyondElementsPut() throws Exception {
    JoinableQueue<String> q = ctx.joinableQueue(0);
    q.put("a");
    q.take();
    q.taskDone();

    assertThrows(IllegalStateException.class, q::taskDone);
    assertEquals(0, q.unfinishedTasks());
  }

  @Test
  void shouldJoinOnceJobsReportEveryTaskDone() throws Exception {
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
  void shouldNotJoinWithinTimeoutWhileTasksUnfinished() throws Exception {
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
  void shouldLeaveQueueIntactWhenBlockedTakerIsInterrupted() throws Exception {
    Queue<String> q = ctx.queue();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread taker = Thread.ofPlatform().start(() -> {
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
  void shouldDeliverElementPutByJob() throws Exception {
    Queue<String> q = ctx.queue();
    Action body = () -> q.put("from job");
    Job<Void> job = ctx.start(body);

    assertEquals("from job", q.take());
    job.result();
  }

  @Test
  void shouldDeliverElementToJob() throws Exception {
    Queue<String> q = ctx.queue();
    Job<String> job = ctx.start(() -> "job took " + q.take());

    q.put("from test");

    assertEquals("job took from test", job.result());
  }

  @Test
  void shouldDeliverEachElementOnceAcrossManyProducersAndConsumers() throws Exception {
    int jobs = 4;
    int perJob = 10_000;
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
  void shouldCarryQueueThroughAnotherQueue() throws Exception {
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

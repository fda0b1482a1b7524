package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.LONG;
import static dev.multitask.cpython.Waits.assertTimeout;
import static dev.multitask.cpython.Waits.since;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.Task;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Queue;
import dev.multitask.ipc.QueueClosedException;
import dev.multitask.sync.Event;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/_test_multiprocessing.py}, class {@code _TestQueue}: a queue shared with
 * jobs. Python's {@code put(x, False)} is {@code offer(x)} (false = {@code Full}), {@code
 * get(False)} is {@code poll()} (null = {@code Empty}), {@code ShutDown} is {@link
 * QueueClosedException}. Python's {@code close()} only stops the calling process's feeder thread; a
 * multitask queue has none, and its {@code close()} is Python 3.13's {@code shutdown()}: the tests
 * of a closed queue assert that. Not ported: the feeder-thread and import-lock tests, which test
 * machinery multitask does not have.
 */
abstract class TestMpQueue extends PortPart {
  static final Duration TIMEOUT1 = Duration.ofMillis(100);
  static final Duration TIMEOUT3 = Duration.ofMillis(300);

  /** test_put: a bounded queue reports full at once, or after the timeout. */
  @Test
  void put_onAFullQueue_failsAtOnceOrAfterTheTimeout() throws Exception {
    int maxsize = 6;
    Queue<Integer> queue = ctx().queue(maxsize);
    Event childCanStart = ctx().event();
    Event parentCanContinue = ctx().event();
    Action child =
        () -> {
          childCanStart.await(LONG);
          for (int i = 0; i < 6; i++) {
            queue.take();
          }
          parentCanContinue.set();
        };
    Job<Void> proc = ctx().job(child).daemon(true).start();
    assertTrue(queue.isEmpty());
    assertTrue(queue.remainingCapacity() > 0);
    queue.put(1);
    queue.put(2);
    assertTrue(queue.offer(3, 1, TimeUnit.SECONDS));
    assertTrue(queue.offer(4));
    assertTrue(queue.offer(5));
    assertTrue(queue.offer(6));
    assertFalse(queue.isEmpty());
    assertEquals(0, queue.remainingCapacity());
    long t = System.nanoTime();
    assertFalse(queue.offer(7));
    assertTrue(since(t).compareTo(TIMEOUT1) < 0, "a full queue's offer() waited");
    t = System.nanoTime();
    assertFalse(queue.offer(7, TIMEOUT1.toMillis(), TimeUnit.MILLISECONDS));
    assertTimeout(since(t), TIMEOUT1);
    t = System.nanoTime();
    assertFalse(queue.offer(7, TIMEOUT3.toMillis(), TimeUnit.MILLISECONDS));
    assertTimeout(since(t), TIMEOUT3);
    childCanStart.set();
    assertTrue(parentCanContinue.await(LONG));
    assertTrue(queue.isEmpty());
    proc.join();
  }

  /**
   * test_get: what a job puts arrives; an empty queue reports empty at once or after the timeout.
   */
  @Test
  void take_fromAJob_andPollOnEmpty() throws Exception {
    Queue<Integer> queue = ctx().queue();
    Event childCanStart = ctx().event();
    Event parentCanContinue = ctx().event();
    Action child =
        () -> {
          childCanStart.await(LONG);
          for (int i = 2; i <= 5; i++) {
            queue.put(i);
          }
          parentCanContinue.set();
        };
    Job<Void> proc = ctx().job(child).daemon(true).start();
    assertTrue(queue.isEmpty());
    childCanStart.set();
    assertTrue(parentCanContinue.await(LONG));
    assertFalse(queue.isEmpty());
    assertEquals(2, queue.take());
    assertEquals(3, queue.poll(LONG.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(4, queue.poll(1, TimeUnit.SECONDS));
    assertEquals(5, queue.poll());
    assertTrue(queue.isEmpty());
    long t = System.nanoTime();
    assertNull(queue.poll());
    assertTrue(since(t).compareTo(TIMEOUT1) < 0);
    t = System.nanoTime();
    assertNull(queue.poll(TIMEOUT3.toMillis(), TimeUnit.MILLISECONDS));
    assertTimeout(since(t), TIMEOUT3);
    proc.join();
  }

  /** test_fork: the parent's elements, then the child's, in order. */
  @Test
  void queue_withElementsOfParentAndChild_keepsTheirOrder() throws Exception {
    Queue<Integer> queue = ctx().queue();
    for (int i = 0; i < 10; i++) {
      queue.put(i);
    }
    Action child =
        () -> {
          for (int i = 10; i < 20; i++) {
            queue.put(i);
          }
        };
    Job<Void> p = ctx().job(child).daemon(true).start();
    for (int i = 0; i < 20; i++) {
      assertEquals(i, queue.take());
    }
    assertNull(queue.poll());
    p.join();
  }

  /** test_qsize. */
  @Test
  void size_countsTheElements() throws Exception {
    Queue<Integer> q = ctx().queue();
    assertEquals(0, q.size());
    q.put(1);
    assertEquals(1, q.size());
    q.put(5);
    assertEquals(2, q.size());
    q.take();
    assertEquals(1, q.size());
    q.take();
    assertEquals(0, q.size());
  }

  /** test_task_done: four jobs report every element done; join returns. */
  @Test
  void join_returnsOnceJobsReportEveryTaskDone() throws Exception {
    JoinableQueue<Integer> queue = ctx().joinableQueue(0);
    Action worker =
        () -> {
          for (int obj = queue.take(); obj >= 0; obj = queue.take()) {
            Thread.sleep(10);
            queue.taskDone();
          }
        };
    List<Job<Void>> workers =
        List.of(ctx().start(worker), ctx().start(worker), ctx().start(worker), ctx().start(worker));
    for (int i = 0; i < 10; i++) {
      queue.put(i);
    }
    queue.join();
    for (int i = 0; i < workers.size(); i++) {
      queue.put(-1);
    }
    for (Job<Void> p : workers) {
      p.join();
    }
  }

  /** test_timeout: get(timeout) waits about that long. */
  @Test
  void poll_withTimeout_waitsAboutThatLong() throws Exception {
    Queue<Integer> q = ctx().queue();
    long start = System.nanoTime();
    assertNull(q.poll(200, TimeUnit.MILLISECONDS));
    assertTrue(since(start).toMillis() >= 100);
  }

  /**
   * test_closed_queue_empty_exceptions, test_closed_queue_put_get_exceptions. Differs on purpose: a
   * closed multitask queue is shut down for every holder (Python 3.13's shutdown): puts throw
   * {@link QueueClosedException}, takes do once it is drained, and its size still answers (Python's
   * closed queue raises {@code OSError}/{@code ValueError}).
   */
  @Test
  void close_refusesPutsAndDrainedTakes() throws Exception {
    JoinableQueue<String> unused = ctx().joinableQueue(0);
    unused.close();
    assertTrue(unused.isEmpty());
    Queue<String> used = ctx().queue();
    used.put("foo");
    used.close();
    assertFalse(used.isEmpty());
    assertThrows(QueueClosedException.class, () -> used.put("foo"));
    assertEquals("foo", used.take());
    assertThrows(QueueClosedException.class, used::take);
  }

  /**
   * test_queue_feeder_donot_stop_onexc (processes). Differs on purpose: an element that cannot be
   * serialized fails in the caller's {@code put}, naming the field, instead of in a feeder thread;
   * the queue goes on.
   */
  @Test
  void put_ofAnUnserializableElement_failsInTheCallerAndTheQueueGoesOn() throws Exception {
    assumeTrue(processes(), "CPython runs it for processes only");
    Queue<Object> q = ctx().queue(1);
    assertThrows(IllegalArgumentException.class, () -> q.put(new Object()));
    q.put(true);
    assertEquals(1, q.size());
    assertEquals(true, q.poll(LONG.toMillis(), TimeUnit.MILLISECONDS));
    assertTrue(q.isEmpty());
  }

  /** Python's ProcessFuture.run(q.get): the outcome of a take in a job. */
  private static String takeInAJob(PortPart part, Queue<String> q) throws InterruptedException {
    Task<String> taking =
        () -> {
          try {
            return "took " + q.take();
          } catch (QueueClosedException e) {
            return "ShutDown";
          }
        };
    return part.ctx().start(taking).result();
  }

  private static String putInAJob(PortPart part, Queue<String> q) throws InterruptedException {
    Task<String> putting =
        () -> {
          try {
            q.put("data");
            return "put";
          } catch (QueueClosedException e) {
            return "ShutDown";
          }
        };
    return part.ctx().start(putting).result();
  }

  private static Job<Boolean> joinInAJob(PortPart part, JoinableQueue<String> q) {
    Task<Boolean> joining = () -> q.join(LONG);
    return part.ctx().start(joining);
  }

  /** test_shutdown_empty: for a plain and a joinable queue; a joiner returns. */
  @Test
  void shutdown_empty_refusesPutsAndTakesInJobs() throws Exception {
    JoinableQueue<String> q = ctx().joinableQueue(0);
    Job<Boolean> join = joinInAJob(this, q);
    q.shutdown(false);
    assertTrue(join.result());
    assertEquals(0, q.size());
    assertEquals("ShutDown", putInAJob(this, q));
    assertThrows(QueueClosedException.class, () -> q.offer("data"));
    assertEquals("ShutDown", takeInAJob(this, q));
    assertNull(q.poll()); // Python: ShutDown
  }

  /** test_shutdown_nonempty: the element is taken; then puts and takes are refused. */
  @Test
  void shutdown_nonEmpty_letsAJobTakeTheRest() throws Exception {
    JoinableQueue<String> q = ctx().joinableQueue(1);
    q.put("data");
    Job<Boolean> join = joinInAJob(this, q);
    q.shutdown(false);
    assertEquals(1, q.size());
    assertEquals("took data", takeInAJob(this, q));
    assertFalse(join.join(Duration.ofMillis(100)), "join returned with a task unfinished");
    assertEquals("ShutDown", putInAJob(this, q));
    assertEquals("ShutDown", takeInAJob(this, q));
    q.taskDone();
    assertTrue(join.result());
  }

  /** test_shutdown_immediate: the rest is discarded, join returns, taskDone is refused. */
  @Test
  void shutdownImmediate_discardsTheRestAndReleasesJoin() throws Exception {
    JoinableQueue<String> q = ctx().joinableQueue(0);
    q.put("data");
    Job<Boolean> join = joinInAJob(this, q);
    q.shutdown(true);
    assertEquals(0, q.size());
    assertTrue(join.result());
    assertEquals("ShutDown", putInAJob(this, q));
    assertEquals("ShutDown", takeInAJob(this, q));
    assertThrows(IllegalStateException.class, q::taskDone, "Python's ValueError");
  }

  /** test_shutdown_immediate_with_unfinished: a taken element keeps join waiting. */
  @Test
  void shutdownImmediate_withATakenElement_keepsJoinWaitingForIt() throws Exception {
    JoinableQueue<String> q = ctx().joinableQueue(0);
    q.put("data");
    q.put("data");
    Job<Boolean> join = joinInAJob(this, q);
    assertEquals("took data", takeInAJob(this, q));
    q.shutdown(true);
    assertEquals(0, q.size());
    assertFalse(join.join(Duration.ofMillis(100)), "join returned with a task unfinished");
    assertEquals("ShutDown", putInAJob(this, q));
    assertEquals("ShutDown", takeInAJob(this, q));
    q.taskDone();
    assertThrows(IllegalStateException.class, q::taskDone);
    assertTrue(join.result());
  }
}

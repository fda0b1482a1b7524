package dev.multitask.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.coro.Coroutines;
import dev.multitask.ipc.Queue;
import dev.multitask.pool.Pool;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The recorder in one process: which blocking paths leave which events (threads and coroutines
 * backends), what is not recorded (paths that did not block, anything while no trace is on), and
 * how traces nest.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SuppressWarnings("try") // spans and holds are resources the bodies do not name
class RecorderTest {
  private static final long SELF = ProcessHandle.current().pid();
  private static Context ctx;

  @BeforeAll
  static void open() {
    ctx = Multitask.threads();
  }

  @AfterAll
  static void close() {
    ctx.close();
  }

  @Test
  void hooks_withoutTrace_recordNothing() throws Exception {
    assertFalse(Trace.isOn());
    assertEquals(0, Recorder.waitStart());
    assertSame(Trace.Span.OFF, Trace.span("nothing"), "no span object is made while off");
    Lock lock = ctx.lock();
    contend(lock); // a wait that a trace would record
    Trace trace = Trace.start();
    Recording recording = trace.stop();
    assertEquals(List.of(), recording.events());
    assertFalse(Trace.isOn());
  }

  @Test
  void lockWait_contended_recordsWaitWithHolder() throws Exception {
    Lock lock = ctx.lock();
    Recording recording;
    long waiter;
    try (Trace trace = Trace.start()) {
      waiter = contend(lock);
      recording = trace.stop();
    }
    TraceEvent wait = only(recording, TraceEvent.Kind.LOCK_WAIT);
    assertEquals(SELF, wait.pid());
    assertEquals(waiter, wait.tid());
    assertEquals(SELF, wait.a(), "the holder's pid");
    assertEquals(Thread.currentThread().threadId(), wait.b(), "the holder's thread");
    assertTrue(wait.durationNanos() > 0);
    assertEquals("the waiter", recording.threadName(SELF, waiter));
  }

  @Test
  void queueTake_onEmptyQueue_recordsWait() throws Exception {
    Queue<String> q = ctx.queue();
    Recording recording;
    Thread taker;
    try (Trace trace = Trace.start()) {
      taker = blockedThread(() -> q.take());
      q.put("x");
      taker.join();
      recording = trace.stop();
    }
    TraceEvent wait = only(recording, TraceEvent.Kind.QUEUE_TAKE);
    assertEquals(taker.threadId(), wait.tid());
  }

  @Test
  void queuePut_onFullQueue_recordsWait_andPutWithRoomRecordsNothing() throws Exception {
    Queue<String> q = ctx.queue(1);
    Recording recording;
    Thread putter;
    try (Trace trace = Trace.start()) {
      q.put("fits"); // no wait: no event
      putter = blockedThread(() -> q.put("waits"));
      q.take();
      putter.join();
      recording = trace.stop();
    }
    TraceEvent wait = only(recording, TraceEvent.Kind.QUEUE_PUT);
    assertEquals(putter.threadId(), wait.tid());
    assertEquals(List.of(), kinds(recording, TraceEvent.Kind.QUEUE_TAKE));
  }

  @Test
  void conditionWait_signalledOrTimedOut_recordsWhich() throws Exception {
    Lock lock = ctx.lock();
    Condition condition = ctx.condition(lock);
    Recording recording;
    try (Trace trace = Trace.start()) {
      Thread waiter =
          blockedThread(
              () -> {
                try (var held = lock.hold()) {
                  condition.await();
                }
              });
      try (var held = lock.hold()) {
        condition.signal();
      }
      waiter.join();
      try (var held = lock.hold()) {
        assertFalse(condition.await(Duration.ofMillis(20)));
      }
      recording = trace.stop();
    }
    Set<String> outcomes =
        kinds(recording, TraceEvent.Kind.CONDITION_WAIT).stream()
            .map(TraceEvent::text)
            .collect(Collectors.toSet());
    assertEquals(Set.of("signalled", "timed out"), outcomes);
  }

  @Test
  void barrier_twoParties_recordsEachArrival() throws Exception {
    Barrier barrier = ctx.barrier(2);
    Recording recording;
    try (Trace trace = Trace.start()) {
      Thread other = blockedThread(barrier::await);
      barrier.await();
      other.join();
      recording = trace.stop();
    }
    List<TraceEvent> arrivals = kinds(recording, TraceEvent.Kind.BARRIER);
    assertEquals(2, arrivals.size());
    assertEquals(Set.of(0L, 1L), arrivals.stream().map(TraceEvent::a).collect(Collectors.toSet()));
    for (TraceEvent e : arrivals) {
      assertEquals(2, e.b());
      assertEquals("released", e.text());
    }
  }

  @Test
  void threadJobs_recordStartEndAndExitCode() throws Exception {
    Recording recording;
    try (Trace trace = Trace.start()) {
      Job<Void> ok = ctx.job(() -> Thread.sleep(20)).name("sleeper").start();
      dev.multitask.Action throwing =
          () -> {
            throw new IllegalStateException("expected by the test");
          };
      Job<Void> failed = ctx.job(throwing).name("thrower").start();
      ok.join();
      failed.join();
      recording = trace.stop();
    }
    List<TraceEvent> jobs = kinds(recording, TraceEvent.Kind.JOB);
    TraceEvent sleeper = named(jobs, "sleeper");
    TraceEvent thrower = named(jobs, "thrower");
    assertEquals(0, sleeper.a());
    assertEquals("ok", sleeper.text());
    assertTrue(sleeper.durationNanos() >= TimeUnit.MILLISECONDS.toNanos(20));
    assertEquals(1, thrower.a());
    assertEquals("failed", thrower.text());
    assertEquals(SELF, sleeper.pid());
    assertNotEquals(Thread.currentThread().threadId(), sleeper.tid(), "the job's own thread");
    assertEquals("sleeper", recording.threadName(SELF, sleeper.tid()));
  }

  @Test
  void threadPool_recordsTasksOnSlotThreads() throws Exception {
    Recording recording;
    try (Trace trace = Trace.start();
        Pool pool = ctx.pool(2)) {
      for (var f : List.of(pool.submit(() -> 1), pool.submit(() -> 2), pool.submit(() -> 3))) {
        f.get(30, TimeUnit.SECONDS); // a task is recorded before its future completes
      }
      recording = trace.stop();
    }
    List<TraceEvent> tasks = kinds(recording, TraceEvent.Kind.TASK);
    assertEquals(3, tasks.size());
    for (TraceEvent t : tasks) {
      assertEquals(SELF, t.pid());
      assertEquals("ok", t.text());
      assertTrue(
          recording.threadName(SELF, t.tid()).matches("multitask-pool-\\d+-worker-[01]"),
          recording.threadName(SELF, t.tid()));
    }
  }

  @Test
  void coroutines_recordTurnsOnTheLoopLane() {
    Recording recording;
    try (Trace trace = Trace.start()) {
      Coroutines.run(
          () -> {
            var a = Coroutines.spawn("a", () -> Coroutines.sleep(Duration.ofMillis(5)));
            var b = Coroutines.spawn("b", () -> Coroutines.sleep(Duration.ofMillis(5)));
            Coroutines.gather(a, b);
          });
      recording = trace.stop();
    }
    List<TraceEvent> turns = kinds(recording, TraceEvent.Kind.COROUTINE);
    Set<String> names = turns.stream().map(TraceEvent::name).collect(Collectors.toSet());
    assertTrue(names.containsAll(Set.of("a", "b")), names.toString());
    long lane = turns.getFirst().tid();
    assertTrue(lane > Recorder.LOOP_LANE_BASE);
    assertTrue(recording.threadName(SELF, lane).startsWith("event loop "));
    for (int i = 1; i < turns.size(); i++) {
      if (turns.get(i).tid() == lane) {
        assertTrue(
            turns.get(i).startNanos() >= turns.get(i - 1).endNanos(),
            "one coroutine at a time on a serial loop: " + turns);
      }
    }
  }

  @Test
  void traces_nested_eachGetsItsOwnSpan() {
    Trace outer = Trace.start();
    try (var a = Trace.span("a")) {
      // a span of the outer trace only
    }
    Trace inner = Trace.start();
    try (var b = Trace.span("b")) {
      // in both
    }
    Recording innerRecording = inner.stop();
    assertTrue(Trace.isOn(), "the outer trace still records");
    Trace.instant("c");
    Recording outerRecording = outer.stop();
    assertFalse(Trace.isOn());
    assertEquals(List.of("b"), innerRecording.events().stream().map(TraceEvent::name).toList());
    assertEquals(
        List.of("a", "b", "c"), outerRecording.events().stream().map(TraceEvent::name).toList());
    assertEquals(TraceEvent.Kind.INSTANT, outerRecording.events().get(2).kind());
  }

  @Test
  void stop_twice_throws() {
    Trace trace = Trace.start();
    trace.stop();
    assertThrows(IllegalStateException.class, trace::stop);
    assertThrows(IllegalStateException.class, trace::snapshot);
    trace.close(); // harmless after stop
    assertFalse(Trace.isOn());
  }

  @Test
  void span_nullName_throws() {
    assertThrows(NullPointerException.class, () -> Trace.span(null));
  }

  // ---- helpers

  /** Makes a new thread wait for {@code lock}, held by the caller; returns its id once done. */
  private static long contend(Lock lock) throws InterruptedException {
    lock.lock();
    Thread waiter;
    try {
      waiter =
          blockedThread(
              () -> {
                lock.lock();
                lock.unlock();
              });
      waiter.setName("the waiter");
    } finally {
      lock.unlock();
    }
    waiter.join();
    return waiter.threadId();
  }

  /** A thing a thread does that may block. */
  interface Blocking {
    void run() throws Exception;
  }

  /** Starts {@code body} on a new thread and returns once that thread is blocked (or ended). */
  static Thread blockedThread(Blocking body) throws InterruptedException {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    t.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (t.getState() != Thread.State.WAITING
        && t.getState() != Thread.State.TIMED_WAITING
        && t.getState() != Thread.State.TERMINATED) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the thread never blocked: " + t.getState());
      }
      Thread.sleep(1);
    }
    return t;
  }

  static List<TraceEvent> kinds(Recording r, TraceEvent.Kind kind) {
    return r.events().stream().filter(e -> e.kind() == kind).toList();
  }

  private static TraceEvent only(Recording r, TraceEvent.Kind kind) {
    List<TraceEvent> found = kinds(r, kind);
    assertEquals(1, found.size(), kind + " events in " + r.events());
    return found.getFirst();
  }

  private static TraceEvent named(List<TraceEvent> events, String name) {
    return events.stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no event " + name + " in " + events));
  }
}

package dev.multitask.trace;

import static dev.multitask.trace.RecorderTest.kinds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.pool.Pool;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Events of child processes in the parent's trace: a job's and a pool worker's own events arrive
 * with the job's end and with each task's result, on the lane of the child's main thread, where the
 * parent draws the job and the tasks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("try") // spans and holds are resources the bodies do not name
class ProcessTraceTest {
  private static final long SELF = ProcessHandle.current().pid();

  @Test
  void processJob_childEvents_reachTheParentOnTheChildsMainLane() throws Exception {
    Recording recording;
    long child;
    try (Context ctx = Multitask.processes()) {
      Lock lock = ctx.lock();
      Barrier barrier = ctx.barrier(2);
      lock.lock();
      try (Trace trace = Trace.start()) {
        Job<Boolean> job =
            ctx.job(
                    () -> {
                      try (var span = Trace.span("in the child")) {
                        boolean locked = lock.tryLock(Duration.ofMillis(50)); // held by the parent
                        barrier.await();
                        return locked;
                      }
                    })
                .name("traced-job")
                .start();
        barrier.await();
        assertFalse(job.result(), "the parent held the lock throughout");
        child = job.pid();
        recording = trace.stop(); // right after join: the job's events came before its end
      } finally {
        lock.unlock();
      }
    }
    assertNotEquals(SELF, child);
    TraceEvent job = single(kinds(recording, TraceEvent.Kind.JOB));
    assertEquals(child, job.pid());
    assertEquals(0, job.a());
    assertEquals("traced-job", recording.processName(child));
    long main = job.tid();

    TraceEvent span = single(kinds(recording, TraceEvent.Kind.SPAN));
    assertEquals(child, span.pid());
    assertEquals(main, span.tid(), "the child's main thread is the job's lane");

    TraceEvent wait = single(kinds(recording, TraceEvent.Kind.LOCK_WAIT));
    assertEquals(child, wait.pid());
    assertEquals(main, wait.tid());
    assertEquals(SELF, wait.a(), "the holder is in the parent");
    assertEquals(Thread.currentThread().threadId(), wait.b());
    assertTrue(wait.durationNanos() >= TimeUnit.MILLISECONDS.toNanos(40), wait.toString());

    List<Long> arrivals =
        kinds(recording, TraceEvent.Kind.BARRIER).stream().map(TraceEvent::pid).sorted().toList();
    assertEquals(List.of(Math.min(SELF, child), Math.max(SELF, child)), arrivals);
  }

  @Test
  void processPool_workerEvents_arriveWithEachResult() throws Exception {
    try (Context ctx = Multitask.processes();
        Pool pool = ctx.pool(2)) {
      try (Trace trace = Trace.start()) {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          int n = i;
          futures.add(
              pool.submit(
                  () -> {
                    try (var span = Trace.span("task body " + n)) {
                      Thread.sleep(10);
                    }
                    return ProcessHandle.current().pid();
                  }));
        }
        for (var f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
        Recording recording = trace.snapshot(); // no waiting: the events came before the results
        List<TraceEvent> tasks = kinds(recording, TraceEvent.Kind.TASK);
        List<TraceEvent> spans = kinds(recording, TraceEvent.Kind.SPAN);
        assertEquals(4, tasks.size(), recording.events().toString());
        assertEquals(4, spans.size(), recording.events().toString());
        for (TraceEvent task : tasks) {
          assertNotEquals(SELF, task.pid());
          assertTrue(
              spans.stream()
                  .anyMatch(
                      s ->
                          s.pid() == task.pid()
                              && s.tid() == task.tid()
                              && s.startNanos() >= task.startNanos()
                              && s.endNanos() <= task.endNanos()),
              "a span inside " + task + " on its lane: " + spans);
        }
      }
    }
  }

  @Test
  void processJob_startedWithTraceOff_recordsNothingInTheChild() throws Exception {
    try (Context ctx = Multitask.processes()) {
      try (Trace trace = Trace.start()) {
        ctx.start(() -> Trace.instant("traced")).join();
        assertEquals(1, kinds(trace.stop(), TraceEvent.Kind.INSTANT).size());
      }
      Job<Boolean> untraced = ctx.start(Trace::isOn);
      assertFalse(untraced.result(), "a job started with no trace on does not record");
    }
  }

  private static TraceEvent single(List<TraceEvent> events) {
    assertEquals(1, events.size(), events.toString());
    return events.getFirst();
  }
}

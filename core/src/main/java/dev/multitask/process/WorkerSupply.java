package dev.multitask.process;

import dev.multitask.process.startup.LaunchSpec;
import dev.multitask.process.startup.Preload;
import dev.multitask.process.startup.RecentClasses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands out worker JVMs for one {@link LaunchSpec}, keeping {@code standby} of them started and
 * idle so that starting a job usually costs a message instead of a JVM start (the role of Python's
 * forkserver).
 *
 * <p>One supply per spec and JVM, shared by every context with equal options; the standby count is
 * the largest one asked for by an open context. Refills happen on a virtual thread, off the
 * caller's path. Idle workers hold no job and exit when their lifeline closes: when the last
 * context using the supply closes, or when this JVM exits.
 *
 * <p>Refills wait while starts come faster than standby workers warm up. A standby's warm-up costs
 * three to four times the CPU of a worker started for its job, so a start that finds no ready
 * standby (a <em>miss</em>: a loop of starts, a burst, a pool's workers) holds every refill back
 * until no start has missed for {@link #QUIET_MS}. Starts spaced further apart than a warm-up still
 * find a standby each time; starts in a loop or a burst each start their own worker without a
 * warming standby on the same cores.
 */
final class WorkerSupply {
  private static final Map<LaunchSpec, WorkerSupply> SUPPLIES = new ConcurrentHashMap<>();

  private static final long REFILL_DELAY_MS = 250;

  /** How long after a start that found no ready standby the refills wait. */
  static final long QUIET_MS = 1000;

  private final LaunchSpec spec;
  private final Deque<Worker> idle = new ArrayDeque<>();

  /** Standby count asked for → number of open contexts asking it; guarded by this. */
  private final TreeMap<Integer, Integer> standbyRequests = new TreeMap<>();

  private int standby; // the largest count asked for by an open context; 0 once this JVM exits
  private int starting;
  // System.nanoTime() of the last take() that found no ready worker; before any, a quiet time ago
  private long lastMiss = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
  private boolean refillPending; // a refill is scheduled for the end of the quiet time
  private int standbysStarted; // for tests
  private final RecentClasses recent = new RecentClasses();

  private WorkerSupply(LaunchSpec spec) {
    this.spec = spec;
  }

  LaunchSpec spec() {
    return spec;
  }

  static WorkerSupply of(LaunchSpec spec) {
    return SUPPLIES.computeIfAbsent(spec, WorkerSupply::new);
  }

  /** A context starts using this supply and wants {@code count} standby workers. */
  synchronized void open(int count) {
    standbyRequests.merge(count, 1, Integer::sum);
    standby = standbyRequests.lastKey();
    refill();
  }

  /** A context stops using this supply. */
  void close(int count) {
    Deque<Worker> retired = new ArrayDeque<>();
    synchronized (this) {
      standbyRequests.computeIfPresent(count, (k, v) -> v == 1 ? null : v - 1);
      standby = standbyRequests.isEmpty() ? 0 : standbyRequests.lastKey();
      while (idle.size() > standby) {
        retired.add(idle.pollLast());
      }
    }
    retired.forEach(Worker::retire);
  }

  /**
   * A worker for {@code task}: a ready standby one when there is one, else a new one started for
   * it. The caller owns it. The standby workers started from now on preload the task's classes.
   */
  Worker take(Object task) {
    recent.remember(task);
    return take();
  }

  /**
   * A worker: a ready standby one when there is one, else a new one started for it. The caller owns
   * it.
   */
  Worker take() {
    Worker worker;
    synchronized (this) {
      worker = idle.pollFirst();
      while (worker != null && !worker.isUsable()) {
        worker = idle.pollFirst();
      }
      if (worker == null && standby > 0) {
        lastMiss = System.nanoTime();
      }
    }
    if (worker != null) {
      // refill once the taken worker's job is over, or after a moment for long jobs: a new JVM
      // starting on this machine's few cores would otherwise slow down the very job just handed out
      worker
          .ended()
          .copy()
          .orTimeout(REFILL_DELAY_MS, TimeUnit.MILLISECONDS)
          .whenComplete((code, timeout) -> refillNow());
      return worker;
    }
    refillNow();
    try {
      return Worker.start(spec, false, Preload.NONE, recent.preload().classes());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start a child JVM (" + spec.java() + "): " + e.getMessage(), e);
    }
  }

  /** At JVM exit: lets every idle worker go and waits a little for them to be reaped. */
  static void retireAllIdle(Duration wait) {
    java.util.List<Worker> retired = new java.util.ArrayList<>();
    for (WorkerSupply supply : SUPPLIES.values()) {
      synchronized (supply) {
        supply.standby = 0;
        retired.addAll(supply.idle);
        supply.idle.clear();
      }
    }
    retired.forEach(Worker::retire);
    try {
      java.util.concurrent.CompletableFuture.allOf(
              retired.stream()
                  .map(Worker::ended)
                  .toArray(java.util.concurrent.CompletableFuture[]::new))
          .get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      // a worker still running after the wait leaves by itself: its lifeline is closed, and a
      // worker exits at end-of-file on it
    }
  }

  /** Waits until {@code count} standby workers are ready; for benchmarks and tests. */
  boolean awaitStandby(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (this) {
        long ready = idle.stream().filter(w -> w.ready().isDone() && w.isUsable()).count();
        if (ready >= count) {
          return true;
        }
      }
      TimeUnit.MILLISECONDS.sleep(2);
    }
    return false;
  }

  /** How many standby workers this supply has started; for tests. */
  synchronized int standbysStarted() {
    return standbysStarted;
  }

  private synchronized void refillNow() {
    refill();
  }

  private void refill() {
    long quietFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastMiss);
    if (quietFor < QUIET_MS) {
      if (!refillPending) {
        refillPending = true;
        CompletableFuture.delayedExecutor(QUIET_MS - quietFor, TimeUnit.MILLISECONDS)
            .execute(this::refillAfterQuiet);
      }
      return;
    }
    int missing = standby - idle.size() - starting;
    for (int i = 0; i < missing; i++) {
      starting++;
      standbysStarted++;
      Thread.ofVirtual().name("multitask-standby").start(this::startStandby);
    }
  }

  private synchronized void refillAfterQuiet() {
    refillPending = false;
    refill(); // schedules itself again if a start missed meanwhile
  }

  private void startStandby() {
    Worker worker = null;
    try {
      Preload preload = recent.preload();
      worker = Worker.start(spec, true, preload, preload.classes());
      worker.ready().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException
        | java.util.concurrent.ExecutionException
        | TimeoutException
        | RuntimeException e) {
      // a standby that cannot start is not kept; the next take() starts a worker itself and reports
      // why
      if (worker != null && worker.isUsable()) {
        worker.retire();
      }
      worker = null;
    } finally {
      boolean keep;
      synchronized (this) {
        starting--;
        keep = worker != null && idle.size() < standby;
        if (keep) {
          idle.addLast(worker);
        }
      }
      if (!keep && worker != null) {
        worker.retire();
      }
    }
  }
}

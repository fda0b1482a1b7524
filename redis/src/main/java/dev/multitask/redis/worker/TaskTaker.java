package dev.multitask.redis.worker;

import dev.multitask.codec.BytesOut;
import dev.multitask.codec.ThrowableCodec;
import dev.multitask.pool.Pool;
import dev.multitask.redis.tasks.Envelope;
import dev.multitask.redis.tasks.Report;
import dev.multitask.redis.tasks.TaskKeys;
import dev.multitask.redis.tasks.Tasks;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A worker's loop over pool items: takes them from {@code mt:tasks} into the worker's in-flight
 * list, runs them on the worker's process pool, and acknowledges them in batches.
 *
 * <pre>
 *   mt:tasks ──SETTLE (take up to the window)──▶ mt:inflight:W:tasks ──▶ process pool (children)
 *                                                      ▲                        │
 *   mt:done:C, mt:result:ID ◀──SETTLE (acknowledge)────┴──── finished ◀─────────┘
 * </pre>
 *
 * <p>One script ({@link Tasks#settle}) acknowledges every item that ended since the last one and
 * takes as many as the window has room for: a busy worker costs one round trip per batch, not per
 * item. Only a worker with nothing in flight blocks ({@code BLMOVE}).
 *
 * <p>The window: as many items as the pool runs at once ({@code concurrency}), and as many again
 * while the items are short (under {@link #SHORT_NANOS} on average), so that a child finds its next
 * item at hand instead of waiting a round trip to Redis. Long items are not taken ahead: an item
 * held behind a long one on this worker would wait while another worker idles. The pool gets at
 * most {@code concurrency} items at once; the others wait in this loop's own queue ({@link
 * #waiting}), handed to the pool as its children free up. The average learns from items that ended,
 * so the first long items after short ones may still be taken ahead; when nothing ends for {@link
 * #STALL_MILLIS}, the items are long: the worker gives back those still waiting ({@link
 * Tasks#giveBack}), for an idle worker to take, and takes no more ahead until items are short
 * again.
 *
 * <p>An item waiting here is already in {@code running}, with a future of its own, so that a cancel
 * or kill reaches it: a waiting item so cancelled never starts.
 *
 * <p>At least once: an item leaves the in-flight list only with its report. What the list holds
 * when the loop starts was left by a round that failed (Redis away past a client's patience): it
 * runs again. A worker killed mid-batch has at most its window in flight, which the reapers put
 * back for others ({@link Tasks#reapDeadWorkers}).
 */
final class TaskTaker {
  /** An item's average run time below which the window doubles. */
  static final long SHORT_NANOS = 20_000_000L;

  /** How long nothing ends before the items waiting here are given back. */
  static final long STALL_MILLIS = 50;

  /**
   * An item this loop holds: its future ({@code handle}, what {@code running} and the reports see)
   * completes when the pool's does, or when a cancel reaches the item while it waits here.
   */
  private record Item(Tasks.Taken taken, Envelope envelope, CompletableFuture<byte[]> handle) {}

  /** What completes the future of an item given back: it has no end to report here. */
  private static final CancellationException GIVEN_BACK =
      new CancellationException("given back to the queue for another worker");

  /** Items taken and not yet handed to the pool, oldest first. This loop's thread only. */
  private final ArrayDeque<Item> waiting = new ArrayDeque<>();

  /** The ids of the items on the pool. This loop's thread only. */
  private final Set<String> onPool = new HashSet<>();

  /** Takes one pending item into the in-flight list, blocking a while; null if none came. */
  interface BlockingTake {
    byte[] take(String pending, String inflight, Supplier<byte[]> lost);
  }

  private final String worker;
  private final Tasks tasks;
  private final Pool pool;
  private final int concurrency;
  private final Map<String, ClusterWorker.Running> running;
  private final BlockingTake blockingTake;
  private final String inflight;
  private final LinkedBlockingQueue<Tasks.Ack> finished = new LinkedBlockingQueue<>();

  /** Items in the in-flight list that this loop holds: running, or ended and not acknowledged. */
  private int held;

  /** The items' average run time, a moving average; starts long, so nothing is taken ahead. */
  private volatile long averageNanos = Long.MAX_VALUE / 2;

  TaskTaker(
      String worker,
      Tasks tasks,
      Pool pool,
      int concurrency,
      Map<String, ClusterWorker.Running> running,
      BlockingTake blockingTake) {
    this.worker = worker;
    this.tasks = tasks;
    this.pool = pool;
    this.concurrency = concurrency;
    this.running = running;
    this.blockingTake = blockingTake;
    this.inflight = TaskKeys.inflightTasks(worker);
  }

  /** How many items this worker may hold now. */
  int window() {
    return averageNanos < SHORT_NANOS ? ClusterWorker.maxInFlight(concurrency) : concurrency;
  }

  /**
   * Runs until {@code stopping} says so or the thread is interrupted. Items that ended but are not
   * acknowledged stay in flight: the worker's close puts them back for others.
   *
   * @param stopping whether the worker stops
   */
  void run(BooleanSupplier stopping) {
    held = 0;
    finished.clear();
    waiting.clear();
    onPool.clear();
    for (byte[] raw : tasks.inflight(inflight)) {
      start(tasks.begin(raw)); // left by a failed round: runs again, perhaps (at least once)
    }
    feedPool();
    while (!stopping.getAsBoolean()) {
      List<Tasks.Ack> acks = new ArrayList<>();
      if (held == 0) {
        byte[] raw = blockingTake.take(TaskKeys.TASKS, inflight, this::lostTake);
        if (raw == null) {
          continue;
        }
        start(tasks.begin(raw));
        feedPool();
      } else {
        Tasks.Ack first;
        try {
          first = finished.poll(STALL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return;
        }
        if (first == null) {
          giveBackWaiting(stopping); // nothing ended for a while: the items are long
          continue;
        }
        acks.add(first);
        finished.drainTo(acks);
        for (Tasks.Ack ack : acks) {
          String id = ack.envelope().id();
          if (!onPool.remove(id)) {
            waiting.removeIf(i -> i.envelope().id().equals(id)); // cancelled while it waited
          }
        }
        feedPool(); // before the round trip below: a free child does not wait for it
      }
      if (stopping.getAsBoolean()) {
        return;
      }
      int still = held - acks.size();
      int room = Math.max(0, window() - still);
      if (acks.isEmpty() && room == 0) {
        continue;
      }
      List<Tasks.Taken> taken = settle(acks, still, room, stopping);
      if (taken == null) {
        return;
      }
      held = still;
      for (Tasks.Taken t : taken) {
        start(t);
      }
      feedPool();
    }
  }

  /** Hands waiting items to the pool while it has a free child. */
  private void feedPool() {
    while (onPool.size() < concurrency && !waiting.isEmpty()) {
      Item item = waiting.poll();
      if (!item.handle().isDone()) { // else cancelled while it waited: its end is reported
        submit(item);
      }
    }
  }

  /**
   * Gives back the items waiting here (the pool never had them), newest first, and takes no more
   * ahead until items are short again. One that a cancel reaches meanwhile is reported instead.
   */
  private void giveBackWaiting(BooleanSupplier stopping) {
    if (waiting.isEmpty()) {
      return;
    }
    averageNanos = Math.max(averageNanos, SHORT_NANOS);
    while (!waiting.isEmpty() && !stopping.getAsBoolean()) {
      Item item = waiting.pollLast();
      if (!item.handle().completeExceptionally(GIVEN_BACK)) {
        continue; // a cancel came first: its end is in finished
      }
      Retries.untilDone(
          worker,
          "give back " + item.envelope().id(),
          stopping,
          () -> tasks.giveBack(inflight, item.taken().raw(), item.envelope(), TaskKeys.TASKS));
      held--;
    }
  }

  /**
   * Settles until it succeeds or the worker stops: an item left in flight by a live worker would
   * never come back, and a settle run twice is harmless ({@link Tasks#settle}).
   *
   * @return what was taken, or null if the worker stops first
   */
  private List<Tasks.Taken> settle(
      List<Tasks.Ack> acks, int still, int room, BooleanSupplier stopping) {
    return Retries.untilDone(
        worker,
        "report " + acks.size() + " items",
        stopping,
        () -> tasks.settle(inflight, acks, still, room, TaskKeys.TASKS));
  }

  /** The item a blocking take moved into the (empty) list before its reply was lost. */
  private byte[] lostTake() {
    List<byte[]> left = tasks.inflight(inflight);
    return left.isEmpty() ? null : left.get(0);
  }

  /**
   * Takes one item in: into {@link #waiting}, and to the pool when a child is free ({@link
   * #feedPool}); its end goes to {@link #finished}.
   */
  private void start(Tasks.Taken taken) {
    held++;
    Envelope e = Envelope.decode(taken.raw());
    if (taken.runs() == 0) {
      tasks.wasCancelled(e.id()); // forgets the mark
      finished.add(
          new Tasks.Ack(
              taken.raw(), e, failure(worker, e, new CancellationException("cancelled"), 0, 0)));
      return;
    }
    Item item = new Item(taken, e, new CompletableFuture<>());
    running.put(e.id(), new ClusterWorker.Running(e, taken.raw(), null, item.handle()));
    item.handle()
        .whenComplete(
            (value, failure) -> {
              running.remove(e.id());
              if (failure == GIVEN_BACK) {
                return;
              }
              Report report =
                  failure == null
                      ? new Report(Report.VALUE, e.id(), 0, worker, 0, taken.runs(), "", value)
                      : failure(worker, e, unwrap(failure), 0, taken.runs());
              finished.add(new Tasks.Ack(taken.raw(), e, report));
            });
    waiting.add(item);
  }

  /** Hands {@code item} to the pool; the pool's end completes the item's future. */
  private void submit(Item item) {
    Envelope e = item.envelope();
    int runs = item.taken().runs();
    RunEncoded body = new RunEncoded(e.kind(), e.id(), runs, e.pool(), e.init(), e.body());
    long begun = System.nanoTime();
    CompletableFuture<byte[]> future;
    try {
      future =
          e.deadlineMillis() > 0
              ? pool.submit(body, Duration.ofMillis(e.deadlineMillis()))
              : pool.submit(body);
    } catch (RuntimeException ex) {
      item.handle().completeExceptionally(ex); // reported as its failure, never on the pool
      return;
    }
    onPool.add(e.id());
    future.whenComplete(
        (value, failure) -> {
          long took = System.nanoTime() - begun;
          long avg = averageNanos;
          averageNanos = avg >= Long.MAX_VALUE / 2 ? took : (avg * 3 + took) / 4;
          if (failure == null) {
            item.handle().complete(value);
          } else {
            item.handle().completeExceptionally(unwrap(failure));
          }
        });
    // a cancel or kill that reaches the item now reaches its run on the pool
    item.handle()
        .whenComplete(
            (value, failure) -> {
              if (item.handle().isCancelled()) {
                future.cancel(true);
              }
            });
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** The report of an item or job that failed with {@code cause} on {@code worker}. */
  static Report failure(String worker, Envelope e, Throwable cause, int code, int runs) {
    BytesOut out = new BytesOut(256);
    ThrowableCodec.encode(cause, out);
    return new Report(
        Report.FAILURE,
        e.id(),
        0,
        worker,
        code,
        runs,
        String.valueOf(cause.getMessage()),
        out.toByteArray());
  }
}

package dev.multitask.redis.backend;

import dev.multitask.Action;
import dev.multitask.Fn;
import dev.multitask.Task;
import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.codec.ThrowableCodec;
import dev.multitask.engine.pool.ChunkTask;
import dev.multitask.pool.TaskTimeoutException;
import dev.multitask.redis.client.Ids;
import dev.multitask.redis.tasks.Envelope;
import dev.multitask.redis.tasks.Report;
import dev.multitask.spi.PoolWorker;
import dev.multitask.spi.PoolWorkers;
import dev.multitask.spi.WorkUnit;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a cluster pool's slots run their items: each slot sends its item to Redis and waits for the
 * report of whichever worker ran it. A pool of {@code n} so has at most {@code n} items out at
 * once, whatever the number of workers; the workers' own concurrency decides how many run at once.
 * A slot is a virtual thread of the driver (it only waits), so a pool's size has no limit of its
 * own.
 *
 * <p>The workers are shared by every pool of the cluster, so a pool's initializer travels with each
 * of its items and runs once in each child JVM that runs the pool's items, before the first of them
 * there (not once per slot); {@code maxTasksPerWorker} recycles the slot's link, not the workers'
 * JVMs.
 *
 * <p>An item's deadline travels with it: the worker's process pool kills the child JVM that passes
 * it. The slot waits that long plus {@link #DEADLINE_GRACE_MILLIS} before it gives up itself (a
 * worker that vanished with the item: the item runs again elsewhere, and its late result is
 * ignored).
 */
final class ClusterPoolWorkers implements PoolWorkers {
  static final long DEADLINE_GRACE_MILLIS = 30_000;

  private final Dispatcher dispatcher;
  private final String poolId = "pool-" + Ids.next();
  private final byte[] initializer;

  /**
   * @param dispatcher the context's link to the workers
   * @param initializer the pool's initializer, or null
   * @throws IllegalArgumentException if the initializer cannot be serialized
   */
  ClusterPoolWorkers(Dispatcher dispatcher, Action initializer) {
    this.dispatcher = dispatcher;
    this.initializer =
        initializer == null ? new byte[0] : Codec.encode(initializer); // fails now, naming it
  }

  /** A map chunk's encoding, as the worker's child decodes it ({@link ChunkTask#decode}). */
  private record Chunk(byte[] bytes) {}

  @Override
  public PoolWorker start(int slot) {
    return new Remote();
  }

  @Override
  public Thread newThread(Runnable body, String name) {
    return Thread.ofVirtual().name(name).start(body);
  }

  @Override
  public Object prepare(Task<?> task) {
    if (task instanceof ChunkTask chunk) {
      return new Chunk(bytes(chunk.encode()));
    }
    return Codec.encode(task); // in the caller: an unserializable capture fails in submit
  }

  @Override
  public Object prepareFunction(Fn<?, ?> fn) {
    return Codec.encode(fn); // once per map call, for all its chunks
  }

  @Override
  public Object prepareChunk(Object function, long start, List<?> items) {
    return new Chunk(bytes(new ChunkTask(null, (byte[]) function, start, items).encode()));
  }

  @Override
  public Object slice(Object preparedChunk, int from, int to) {
    return new Chunk(
        bytes(ChunkTask.decode(((Chunk) preparedChunk).bytes()).slice(from, to).encode()));
  }

  private static byte[] bytes(BytesOut out) {
    return Arrays.copyOf(out.array(), out.size());
  }

  @Override
  public boolean abortStopsTheItem() {
    return true; // run() returns at once; the worker that runs the item is told to kill it
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "cluster workers" + (initializer.length == 0 ? "" : " with an initializer");
  }

  /** One slot's link to the cluster. */
  private final class Remote implements PoolWorker {
    private volatile Envelope current;
    private volatile byte[] currentRaw;
    private volatile CompletableFuture<Report> currentDone;
    private volatile boolean aborted;

    @Override
    public long pid() {
      return 0; // the item runs in some worker's child JVM: known only from its report
    }

    @Override
    public Outcome run(WorkUnit item, long deadlineNanos) throws InterruptedException {
      Object body = item.body();
      boolean chunk = body instanceof Chunk;
      long deadlineMillis = item.deadline() == null ? 0 : Math.max(1, item.deadline().toMillis());
      Envelope e =
          new Envelope(
              chunk ? Envelope.CHUNK : Envelope.TASK,
              "task-" + Ids.next(),
              dispatcher.context(),
              "pool item " + item.id(),
              deadlineMillis,
              poolId,
              initializer,
              chunk ? ((Chunk) body).bytes() : (byte[]) body,
              false);
      CompletableFuture<Report> done = new CompletableFuture<>();
      dispatcher.listen(
          e.id(),
          r -> {
            if (r.type() != Report.STARTED) {
              done.complete(r);
            }
          });
      current = e;
      currentDone = done;
      try {
        currentRaw = dispatcher.tasks().submit(e);
        Report r =
            deadlineNanos == Long.MAX_VALUE
                ? done.get()
                : done.get(
                    deadlineNanos
                        - System.nanoTime()
                        + TimeUnit.MILLISECONDS.toNanos(DEADLINE_GRACE_MILLIS),
                    TimeUnit.NANOSECONDS);
        if (aborted) {
          return Outcome.CANCELLED;
        }
        if (r.type() == Report.VALUE) {
          item.complete(Codec.decode(r.payload()));
        } else {
          item.fail(ThrowableCodec.decode(new BytesIn(r.payload())));
        }
        return Outcome.DONE;
      } catch (TimeoutException t) {
        item.fail(
            new TaskTimeoutException(
                "pool item "
                    + item.id()
                    + " passed its deadline of "
                    + item.deadline()
                    + " and no worker reported it",
                item.deadline()));
        abort();
        return Outcome.TIMED_OUT;
      } catch (ExecutionException impossible) {
        throw new IllegalStateException(impossible.getCause());
      } finally {
        dispatcher.forget(e.id());
        current = null;
        currentDone = null;
      }
    }

    @Override
    public void abort() {
      Envelope e = current;
      byte[] raw = currentRaw;
      if (e == null || raw == null) {
        return;
      }
      aborted = true;
      if (!dispatcher.tasks().cancelPending(e, raw)) {
        // a worker runs it, and only that worker's report would say which: tell them all
        for (String w : dispatcher.tasks().liveWorkers()) {
          dispatcher.tasks().stop(w, e.id(), true);
        }
      }
      CompletableFuture<Report> done = currentDone;
      if (done != null) {
        done.complete(new Report(Report.FAILURE, e.id(), 0, "", 0, 0, "aborted", new byte[0]));
      }
    }

    @Override
    public boolean usable() {
      return !aborted;
    }

    @Override
    public void retire() {}
  }
}

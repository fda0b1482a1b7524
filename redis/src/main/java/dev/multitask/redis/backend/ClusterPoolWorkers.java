package dev.multitask.redis.backend;

import dev.multitask.Task;
import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.codec.ThrowableCodec;
import dev.multitask.pool.TaskTimeoutException;
import dev.multitask.redis.client.Ids;
import dev.multitask.redis.tasks.Envelope;
import dev.multitask.redis.tasks.Report;
import dev.multitask.workers.ChunkTask;
import dev.multitask.workers.PoolWorker;
import dev.multitask.workers.WorkItem;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a cluster pool's slots run their items: each slot sends its item to Redis and waits for the
 * report of whichever worker ran it. A pool of {@code n} so has at most {@code n} items out at
 * once, whatever the number of workers; the workers' own concurrency decides how many run at once.
 *
 * <p>An item's deadline travels with it: the worker's process pool kills the child JVM that passes
 * it. The slot waits that long plus {@link #DEADLINE_GRACE_MILLIS} before it gives up itself (a
 * worker that vanished with the item: the item runs again elsewhere, and its late result is
 * ignored).
 */
final class ClusterPoolWorkers implements PoolWorker.Backend {
  static final long DEADLINE_GRACE_MILLIS = 30_000;

  private final Dispatcher dispatcher;

  ClusterPoolWorkers(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /** A map chunk's encoding, as the worker's child decodes it. */
  private record Chunk(byte[] bytes) {}

  @Override
  public PoolWorker start(int slot) {
    return new Remote();
  }

  @Override
  public boolean inline() {
    return false;
  }

  @Override
  public Thread newThread(Runnable body, String name) {
    return Thread.ofPlatform().daemon(true).name(name).start(body);
  }

  @Override
  public Object prepare(Task<?> task) {
    if (task instanceof ChunkTask chunk) {
      BytesOut out = chunk.encode();
      return new Chunk(Arrays.copyOf(out.array(), out.size()));
    }
    return Codec.encode(task); // in the caller: an unserializable capture fails in submit
  }

  @Override
  public Object slice(Object preparedChunk, int from, int to) {
    BytesOut out = ChunkTask.decode(((Chunk) preparedChunk).bytes()).slice(from, to).encode();
    return new Chunk(Arrays.copyOf(out.array(), out.size()));
  }

  @Override
  public void close() {}

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
    public Outcome run(WorkItem item, long deadlineNanos) throws InterruptedException {
      Object body = item.body();
      boolean chunk = body instanceof Chunk;
      long deadlineMillis = item.deadline() == null ? 0 : Math.max(1, item.deadline().toMillis());
      Envelope e =
          new Envelope(
              chunk ? Envelope.CHUNK : Envelope.TASK,
              "task-" + Ids.next(),
              dispatcher.context(),
              item.label(),
              deadlineMillis,
              chunk ? ((Chunk) body).bytes() : (byte[]) body);
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
                item + " passed its deadline of " + item.deadline() + " and no worker reported it",
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

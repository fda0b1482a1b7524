package dev.multitask.engine.pool;

import dev.multitask.Fn;
import dev.multitask.pool.MapFailedException;
import dev.multitask.pool.Progress;
import dev.multitask.spi.Timeouts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@code map}, {@code imap} and {@code imapUnordered}: the input cut into {@link ChunkTask}s, their
 * results put back in order (or in completion order), failures turned into {@link
 * MapFailedException}s that name the item, progress reported per chunk.
 */
final class MapCalls {
  /**
   * Chunks in flight per worker for imap: enough to keep workers busy, few enough to bound memory.
   */
  private static final int PREFETCH_PER_WORKER = 2;

  private MapCalls() {}

  static void checkChunkSize(int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1: chunkSize=" + chunkSize);
    }
  }

  @SuppressWarnings("unchecked")
  static <T, R> List<R> map(PoolEngine pool, Fn<T, R> fn, Iterable<T> items, int chunkSize)
      throws InterruptedException {
    Call call = Call.submit(pool, fn, items, chunkSize);
    try {
      List<?> results = call.collect();
      call.progress.awaitReports(); // the listener has seen 100 % when map returns
      return (List<R>) results;
    } catch (InterruptedException e) {
      call.cancel(true); // the caller gave up: stop what still runs
      throw e;
    }
  }

  /**
   * {@code map} that gives up after {@code timeout}, as Python's {@code Executor.map(timeout=)}:
   * then the chunks not yet taken are cancelled (the running ones finish, their results unread) and
   * {@link TimeoutException} names how far it got.
   */
  @SuppressWarnings("unchecked")
  static <T, R> List<R> map(
      PoolEngine pool, Fn<T, R> fn, Iterable<T> items, int chunkSize, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + Timeouts.nanos(timeout);
    Call call = Call.submit(pool, fn, items, chunkSize);
    try {
      List<?> results = call.collect(deadline, timeout);
      call.progress.awaitReports();
      return (List<R>) results;
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (TimeoutException e) {
      call.cancel(false); // as Python's map: what has not started is cancelled, what runs finishes
      throw e;
    }
  }

  /**
   * {@code map} without waiting: the future completes once every chunk has ended, with the results
   * or with the {@link MapFailedException} of the first failed item in input order. Cancelling it
   * cancels the chunks; {@code cancel(true)} also stops the running ones.
   */
  @SuppressWarnings("unchecked")
  static <T, R> CompletableFuture<List<R>> mapAsync(
      PoolEngine pool, Fn<T, R> fn, Iterable<T> items, int chunkSize) {
    Call call = Call.submit(pool, fn, items, chunkSize);
    CompletableFuture<List<R>> future =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
              call.cancel(mayInterruptIfRunning);
            }
            return cancelled;
          }
        };
    // after every chunk, and after the listener heard the last one (as map returns)
    CompletableFuture.allOf(
            CompletableFuture.allOf(call.chunks.toArray(CompletableFuture[]::new)),
            call.progress.reported())
        .whenComplete(
            (done, failure) -> {
              try {
                future.complete((List<R>) call.collect()); // every chunk has ended: nothing blocks
              } catch (InterruptedException | RuntimeException e) {
                future.completeExceptionally(e);
              }
            });
    return future;
  }

  /** One map call: its chunks, submitted at once, and the results they bring. */
  private static final class Call {
    final List<TaskFuture<Object>> chunks;
    final int size;
    final int items;
    final Tracker progress;

    private Call(List<TaskFuture<Object>> chunks, int size, int items, Tracker progress) {
      this.chunks = chunks;
      this.size = size;
      this.items = items;
      this.progress = progress;
    }

    static Call submit(PoolEngine pool, Fn<?, ?> fn, Iterable<?> items, int chunkSize) {
      Objects.requireNonNull(fn, "fn");
      Objects.requireNonNull(items, "items");
      // read once into an array, as Python's map reads its iterable into a list: the chunks are
      // slices of it, which the encoders copy out at once (a sublist of some lists would walk an
      // iterator, in a caller whose JIT has often not compiled that yet)
      Object[] input;
      if (items instanceof java.util.Collection<?> collection) {
        input = collection.toArray();
      } else {
        List<Object> copy = new ArrayList<>();
        items.forEach(copy::add);
        input = copy.toArray();
      }
      int size =
          chunkSize > 0
              ? chunkSize
              : Math.max(
                  1, (int) Math.ceil(input.length / (4.0 * pool.workers()))); // Python's choice
      Tracker progress = new Tracker(pool, input.length, true);
      // here, so an unserializable function fails in the caller
      Object encoded = pool.workers.prepareFunction(fn);
      Call call =
          new Call(new ArrayList<>((input.length + size - 1) / size), size, input.length, progress);
      try {
        for (int start = 0; start < input.length; start += size) {
          List<?> chunk = new ArraySlice(input, start, Math.min(input.length, start + size));
          call.chunks.add(
              progress.track(MapCalls.submit(pool, fn, encoded, start, chunk), chunk.size()));
        }
      } catch (RuntimeException e) {
        call.cancel(false); // the pool closed midway: the chunks already queued go too
        throw e;
      }
      return call;
    }

    /** The results in input order, waiting for each chunk in turn. */
    List<?> collect() throws InterruptedException {
      MapResults results = new MapResults(items, size);
      for (int c = 0; c < chunks.size(); c++) {
        results.put(c, await(chunks.get(c), (long) c * size));
        chunks.set(c, null); // the segment is in the results now: let the future go
      }
      return results;
    }

    /** As {@link #collect()}, giving up at {@code deadline} ({@code System.nanoTime()}). */
    List<?> collect(long deadline, Duration timeout) throws InterruptedException, TimeoutException {
      MapResults results = new MapResults(items, size);
      for (int c = 0; c < chunks.size(); c++) {
        long remaining = deadline - System.nanoTime();
        TaskFuture<Object> chunk = chunks.get(c);
        try {
          chunk.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException | CancellationException e) {
          // the chunk has ended: await says how
        } catch (TimeoutException e) {
          throw new TimeoutException(
              "map of "
                  + this.items
                  + " items gave up after "
                  + timeout
                  + ", with the items from index "
                  + (long) c * size
                  + " on not all done: those not"
                  + " started are cancelled");
        }
        results.put(c, await(chunk, (long) c * size));
        chunks.set(c, null);
      }
      return results;
    }

    /**
     * Cancels from the last chunk back: the queued ones go before a freed worker could take one.
     */
    void cancel(boolean stopRunning) {
      for (int c = chunks.size() - 1; c >= 0; c--) {
        TaskFuture<Object> chunk = chunks.get(c);
        if (chunk != null) {
          chunk.cancel(stopRunning);
        }
      }
    }
  }

  /** Queues a chunk, prepared by the backend's workers from a view of the input. */
  private static TaskFuture<Object> submit(
      PoolEngine pool, Fn<?, ?> fn, Object function, long start, List<?> chunk) {
    String label =
        chunk.size() == 1
            ? "map[" + start + "]"
            : "map[" + start + ".." + (start + chunk.size() - 1) + "]";
    return pool.enqueue(
        pool.workers.prepareChunk(function, start, chunk),
        null,
        pool.options.deadline(),
        label,
        fn.getClass().getName(),
        start,
        chunk.size());
  }

  /**
   * A chunk's results as a {@link MapResults} segment, or its failure as a {@link
   * MapFailedException}.
   */
  private static Object await(TaskFuture<Object> chunk, long start) throws InterruptedException {
    try {
      return chunk.get();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof MapFailedException failed) {
        throw new MapFailedException(
            failed.index(), failed.getCause()); // thrown here, with this stack
      }
      throw new MapFailedException(start, cause); // the chunk's worker died or timed out
    } catch (CancellationException e) {
      throw new MapFailedException(start, e);
    }
  }

  static <T, R> Stream<R> imap(
      PoolEngine pool, Fn<T, R> fn, Iterable<T> items, int chunkSize, boolean ordered) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(items, "items");
    long total = items instanceof Collection<?> c ? c.size() : -1;
    Lazy<R> lazy =
        new Lazy<>(pool, fn, items.iterator(), chunkSize, ordered, new Tracker(pool, total, false));
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(lazy, ordered ? Spliterator.ORDERED : 0), false)
        .onClose(lazy::cancel);
  }

  /**
   * imap's iterator: reads the input and submits chunks as results are taken, a bounded number
   * ahead.
   */
  private static final class Lazy<R> implements Iterator<R> {
    private final PoolEngine pool;
    private final Fn<?, ?> fn;
    private final Iterator<?> source;
    private final int chunkSize;
    private final boolean ordered;
    private final Tracker progress;
    private final Object encoded;
    private final int prefetch;
    private final ArrayDeque<TaskFuture<Object>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Long> starts = new ArrayDeque<>();
    private final LinkedBlockingQueue<TaskFuture<Object>> completed = new LinkedBlockingQueue<>();
    private final java.util.Map<TaskFuture<Object>, Long> startOf = new java.util.HashMap<>();
    private final ArrayDeque<Object> ready = new ArrayDeque<>();
    private long next;

    /** What the input threw, held until the results of the items read before it are out. */
    private RuntimeException inputFailure;

    private boolean inputEnded;

    Lazy(
        PoolEngine pool,
        Fn<?, ?> fn,
        Iterator<?> source,
        int chunkSize,
        boolean ordered,
        Tracker progress) {
      this.pool = pool;
      this.fn = fn;
      this.source = source;
      this.chunkSize = chunkSize;
      this.ordered = ordered;
      this.progress = progress;
      this.encoded = pool.workers.prepareFunction(fn);
      this.prefetch = Math.max(2, PREFETCH_PER_WORKER * pool.workers());
    }

    @Override
    public boolean hasNext() {
      if (!ready.isEmpty()) {
        return true;
      }
      fill();
      if (inFlight.isEmpty()) {
        RuntimeException failure = inputFailure;
        if (failure != null) {
          inputFailure = null; // thrown once, as Python's iterator raises once and then stops
          throw failure;
        }
        return false;
      }
      TaskFuture<Object> chunk;
      long start;
      try {
        if (ordered) {
          chunk = inFlight.pollFirst();
          start = starts.pollFirst();
        } else {
          chunk = completed.take();
          inFlight.remove(chunk);
          start = startOf.remove(chunk);
        }
        Object segment = await(chunk, start);
        for (int i = 0, n = MapResults.length(segment); i < n; i++) {
          Object r = MapResults.get(segment, i);
          ready.add(r == null ? NULL : r);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new CompletionException("interrupted while waiting for imap results", e);
      }
      fill();
      return !ready.isEmpty() || hasNext();
    }

    /**
     * Reads and submits chunks up to the read-ahead bound. An input that throws ends the input: the
     * items read before it still run, and the exception comes out once their results have.
     */
    private void fill() {
      while (inFlight.size() < prefetch && !inputEnded) {
        List<Object> chunk = new ArrayList<>(chunkSize);
        try {
          while (chunk.size() < chunkSize && source.hasNext()) {
            chunk.add(source.next());
          }
          inputEnded = chunk.size() < chunkSize;
        } catch (RuntimeException e) {
          inputFailure = e;
          inputEnded = true;
        }
        if (chunk.isEmpty()) {
          return;
        }
        TaskFuture<Object> f = progress.track(submit(pool, fn, encoded, next, chunk), chunk.size());
        inFlight.addLast(f);
        if (ordered) {
          starts.addLast(next);
        } else {
          startOf.put(f, next);
          f.whenComplete((r, e) -> completed.add(f));
        }
        next += chunk.size();
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Object r = ready.pollFirst();
      return r == NULL ? null : (R) r;
    }

    void cancel() {
      inFlight.forEach(f -> f.cancel(false)); // closing a stream early must not kill the workers
      inFlight.clear();
    }
  }

  private static final Object NULL = new Object();

  /**
   * Counts finished items of one call and tells the pool's progress listener, under the pool's
   * progress lock: reports never overlap, and a call's count only grows from one to the next.
   */
  private static final class Tracker {
    private final Consumer<Progress> listener;
    private final ReentrantLock lock;
    private final long call;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long done; // guarded by lock

    /**
     * Per chunk, done once the listener has heard it; kept only for calls that wait for them (not
     * imap's).
     */
    private final List<CompletableFuture<?>> reports;

    Tracker(PoolEngine pool, long total, boolean awaitable) {
      this.listener = pool.options.progress();
      this.lock = pool.progressLock;
      this.call = listener == null ? 0 : pool.mapCalls.incrementAndGet();
      this.total = total;
      this.reports = awaitable && listener != null ? new ArrayList<>() : null;
    }

    TaskFuture<Object> track(TaskFuture<Object> chunk, int items) {
      if (listener != null) {
        CompletableFuture<?> reported = chunk.whenComplete((r, e) -> report(items));
        if (reports != null) {
          reports.add(reported);
        }
      }
      return chunk;
    }

    /** Completes once the listener has heard every chunk tracked (at once without a listener). */
    CompletableFuture<Void> reported() {
      return reports == null
          ? CompletableFuture.completedFuture(null)
          : CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new));
    }

    void awaitReports() throws InterruptedException {
      try {
        reported()
            .get(
                10,
                java.util.concurrent.TimeUnit
                    .SECONDS); // a listener stuck longer is its own problem
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // a chunk's failure is reported by the chunk itself
      }
    }

    private void report(int items) {
      lock.lock();
      try {
        done += items;
        long elapsed = System.nanoTime() - startNanos;
        listener.accept(
            new Progress(
                call,
                done,
                total,
                done / Math.max(1e-9, elapsed / 1e9),
                Duration.ofNanos(elapsed)));
      } catch (RuntimeException e) {
        System.err.println("multitask pool: the progress listener threw (ignored): " + e);
      } finally {
        lock.unlock();
      }
    }
  }
}

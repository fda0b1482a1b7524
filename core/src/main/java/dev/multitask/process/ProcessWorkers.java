package dev.multitask.process;

import dev.multitask.Action;
import dev.multitask.Fn;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.codec.LambdaShapes;
import dev.multitask.codec.ThrowableCodec;
import dev.multitask.engine.pool.ChunkTask;
import dev.multitask.pool.InitializerFailedException;
import dev.multitask.pool.MapFailedException;
import dev.multitask.pool.TaskTimeoutException;
import dev.multitask.pool.WorkerDiedException;
import dev.multitask.process.os.Posix;
import dev.multitask.process.startup.LaunchSpec;
import dev.multitask.spi.PoolWorker;
import dev.multitask.spi.PoolWorkers;
import dev.multitask.spi.WorkUnit;
import dev.multitask.trace.Recorder;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.WireDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backend of process pools: each worker is a child JVM (warm from the {@link WorkerSupply} when
 * one is ready) that runs item after item over its control channel and stays up between them. Its
 * first task tees its {@code System.err} into a {@link StderrTail} and runs the initializer.
 */
public final class ProcessWorkers implements PoolWorkers {
  /** How long a worker past its deadline gets after SIGTERM before SIGKILL. */
  private static final long TERM_GRACE_MILLIS = 1000;

  private static final AtomicLong IDS = new AtomicLong(1L << 50);

  private final WorkerSupply supply;
  private final int standby;
  private final byte[] init;
  private final Action initializer;

  /**
   * @param options how worker JVMs start, and how many warm standby workers to keep
   * @param initializer run once in each worker, or null
   * @throws IllegalArgumentException if the initializer cannot be serialized
   */
  public ProcessWorkers(ProcessOptions options, Action initializer) {
    this.initializer = initializer;
    this.init =
        initializer == null ? null : Codec.encode(initializer); // fails now, naming the field
    this.supply = WorkerSupply.of(LaunchSpec.of(options));
    this.standby = options.standby();
    supply.open(standby);
  }

  @Override
  public PoolWorker start(int slot) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(slot);
      } catch (ProcessPoolWorker.DiedStarting e) {
        if (attempt
            == 3) { // a standby that died idle is replaced; three in a row is a real problem
          throw new IllegalStateException(
              "3 worker processes in a row died while being set up for the pool; the last: "
                  + e.getMessage(),
              e);
        }
      }
    }
  }

  private PoolWorker startOnce(int slot) throws InterruptedException {
    Worker worker = supply.take();
    StderrTail tail = StderrTail.create();
    try {
      worker.ready().get();
      var started = new ProcessPoolWorker(worker, tail, slot);
      started.initialize(Codec.encode(new PoolWorkerInit(tail.name(), initializer)));
      return started;
    } catch (ExecutionException e) {
      tail.close();
      worker.retire();
      throw new IllegalStateException(
          "a pool worker could not start: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException | RuntimeException e) {
      tail.close();
      worker.retire();
      throw e;
    }
  }

  @Override
  public boolean abortStopsTheItem() {
    return true; // the worker process is killed
  }

  @Override
  public Thread newThread(Runnable body, String name) {
    return Thread.ofPlatform().daemon(true).name(name).start(body);
  }

  @Override
  public Object prepare(Task<?> task) {
    // in the caller: an unserializable capture, or one too large to send, fails in submit
    Object encoded = task instanceof ChunkTask ? null : LambdaShapes.encode(task);
    LambdaShapes.Parts lambda = encoded instanceof LambdaShapes.Parts parts ? parts : null;
    Object prepared =
        task instanceof ChunkTask chunk
            ? new ChunkBytes(chunk.encode())
            : lambda != null ? new LambdaBytes(lambda) : encoded;
    int length =
        prepared instanceof ChunkBytes chunk
            ? chunk.body().size()
            : lambda != null
                ? lambda.shape().length + lambda.captured().length
                : ((byte[]) prepared).length;
    String tooLarge =
        FrameChannel.tooLarge(
            task instanceof ChunkTask ? "a chunk of the map (make chunkSize smaller)" : "the task",
            length + 64L);
    if (tooLarge != null) {
      throw new IllegalArgumentException(tooLarge);
    }
    return prepared;
  }

  @Override
  public Object prepareFunction(Fn<?, ?> fn) {
    return Codec.encode(fn); // once per map call, for all its chunks
  }

  @Override
  public Object prepareChunk(Object function, long start, List<?> items) {
    // encoded now, in the caller: a view of the input is enough
    return prepare(new ChunkTask(null, (byte[]) function, start, items));
  }

  @Override
  public Object slice(Object preparedChunk, int from, int to) {
    // only after a worker died in the chunk: decoding its items here again is cheap by comparison
    BytesOut body = ((ChunkBytes) preparedChunk).body();
    return new ChunkBytes(
        ChunkTask.decode(java.util.Arrays.copyOf(body.array(), body.size()))
            .slice(from, to)
            .encode());
  }

  /** A map chunk's own encoding ({@link ChunkTask#encode()}), sent with the MAP_CHUNK flag. */
  private record ChunkBytes(BytesOut body) {}

  /**
   * A lambda task split into its shape and captured values, sent with the LAMBDA_SHAPE flag: the
   * shape goes to each worker once ({@link ProcessPoolWorker#expect}).
   */
  private record LambdaBytes(LambdaShapes.Parts parts) {}

  /**
   * The reply to a map chunk: its results are read with numbers unboxed, a map's results segment.
   */
  private static final class ChunkReply extends CompletableFuture<Object> {}

  @Override
  public void close() {
    supply.close(standby);
  }

  @Override
  public String toString() {
    return "process workers" + (init == null ? "" : " with an initializer");
  }

  /** One worker JVM of a pool. */
  private static final class ProcessPoolWorker implements PoolWorker {
    private final Worker worker;
    private final StderrTail tail;
    private final String name;

    /**
     * Items handed over ahead ({@link #prefetch}), at most {@value #DEPTH} beyond the one running.
     */
    private static final int DEPTH = 8;

    /** Replies by item id: the RESULT or FAILURE frame, or the worker's end. */
    private final java.util.concurrent.ConcurrentHashMap<Long, CompletableFuture<Object>> pending =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** Item id → its frame, for items handed over ahead; the slot thread's. */
    private final java.util.Map<Long, Sent> sent = new java.util.HashMap<>();

    /** A worker that dies before it begins an item this many times in a row fails the item. */
    private static final int MAX_LOST_STARTS = 3;

    /** A RUN frame written (or about to be) and its reply. */
    private record Sent(long frameId, CompletableFuture<Object> reply) {}

    /**
     * The lambda shapes sent to this worker, the first {@link LambdaShapes#LIMIT} of them (as the
     * worker keeps them); the slot thread's.
     */
    private final java.util.Set<Long> shapesSent = new java.util.HashSet<>();

    private volatile boolean lost;
    private volatile boolean ended;

    /** The death behind the last run that left its item to the pool (DIED); the slot thread's. */
    private Death lastDeath;

    ProcessPoolWorker(Worker worker, StderrTail tail, int slot) {
      this.worker = worker;
      this.tail = tail;
      this.name = "PoolWorker-" + slot;
      worker
          .ended()
          .whenComplete(
              (code, e) -> {
                String text = tail.read(); // before the segment goes
                long started = tail.startedId();
                long item = tail.itemIndex();
                tail.close();
                ended = true;
                Died died = new Died(code == null ? 1 : code, text, started, item);
                pending.values().forEach(p -> p.completeExceptionally(died));
              });
    }

    /**
     * The worker's end while an item was in flight; turned into the item's failure by {@link #run}.
     */
    private static final class Died extends RuntimeException {
      private static final long serialVersionUID = 1L;
      final int code;
      final String tail;

      /** The frame id of the last item the worker began. */
      final long started;

      /** For a map chunk: the input index of the chunk item that ran, or -1. */
      final long item;

      Died(int code, String tail, long started, long item) {
        super(null, null, false, false);
        this.code = code;
        this.tail = tail;
        this.started = started;
        this.item = item;
      }
    }

    /**
     * The worker died during its set-up, before the initializer could tell anything: try another.
     */
    static final class DiedStarting extends RuntimeException {
      private static final long serialVersionUID = 1L;

      DiedStarting(String message) {
        super(message);
      }
    }

    void initialize(byte[] body) throws InterruptedException, ExecutionException {
      try {
        send(body).reply().get();
      } catch (ExecutionException e) {
        lost = true;
        worker.retire();
        if (e.getCause() instanceof Died died) {
          throw new DiedStarting(
              "worker process "
                  + worker.pid()
                  + " "
                  + describe(died.code)
                  + " while it was set up"
                  + quote(died.tail));
        }
        throw new InitializerFailedException(worker.pid(), e.getCause());
      }
    }

    private Sent send(Object body) {
      List<FrameChannel.Outgoing> frames = new ArrayList<>(1);
      Sent sent = expect(body, frames);
      write(frames);
      return sent;
    }

    /** Registers the reply to {@code body} and adds its RUN frame to {@code frames}. */
    private Sent expect(Object prepared, List<FrameChannel.Outgoing> frames) {
      if (prepared instanceof LambdaBytes lambda) {
        return expectLambda(lambda.parts(), frames);
      }
      boolean chunk = prepared instanceof ChunkBytes;
      byte[] body = chunk ? ((ChunkBytes) prepared).body().array() : (byte[]) prepared;
      int length = chunk ? ((ChunkBytes) prepared).body().size() : body.length;
      long id = IDS.incrementAndGet();
      CompletableFuture<Object> reply = chunk ? new ChunkReply() : new CompletableFuture<>();
      reply.whenComplete((r, e) -> pending.remove(id));
      pending.put(id, reply);
      if (ended || worker.ended().isDone()) {
        reply.completeExceptionally(new Died(worker.ended().join(), "", 0, -1));
        return new Sent(id, reply);
      }
      BytesOut head = FrameChannel.begin(WireDescriptor.RUN, 32);
      head.writeLong(id)
          .writeByte(
              WireDescriptor.POOL_TASK
                  | (chunk ? WireDescriptor.MAP_CHUNK : 0)
                  | (Recorder.isOn() ? WireDescriptor.TRACED : 0))
          .writeString(name)
          .writeInt(length);
      frames.add(
          new FrameChannel.Outgoing(
              head, body, length)); // the body goes out after its head, not copied into it
      return new Sent(id, reply);
    }

    /**
     * As {@link #expect} for a lambda task: its shape's id, the shape itself only if this worker
     * was not sent it before, and its captured values.
     */
    private Sent expectLambda(LambdaShapes.Parts parts, List<FrameChannel.Outgoing> frames) {
      long id = IDS.incrementAndGet();
      CompletableFuture<Object> reply = new CompletableFuture<>();
      reply.whenComplete((r, e) -> pending.remove(id));
      pending.put(id, reply);
      if (ended || worker.ended().isDone()) {
        reply.completeExceptionally(new Died(worker.ended().join(), "", 0, -1));
        return new Sent(id, reply);
      }
      boolean known = shapesSent.contains(parts.shapeId());
      if (!known && shapesSent.size() < LambdaShapes.LIMIT) {
        shapesSent.add(parts.shapeId());
      }
      byte[] shape = known ? null : parts.shape();
      int length = 12 + (shape == null ? 0 : shape.length) + parts.captured().length;
      BytesOut head = FrameChannel.begin(WireDescriptor.RUN, 48 + (shape == null ? 0 : length));
      head.writeLong(id)
          .writeByte(
              WireDescriptor.POOL_TASK
                  | WireDescriptor.LAMBDA_SHAPE
                  | (Recorder.isOn() ? WireDescriptor.TRACED : 0))
          .writeString(name)
          .writeInt(length)
          .writeLong(parts.shapeId())
          .writeInt(shape == null ? -1 : shape.length);
      if (shape != null) {
        head.write(shape, 0, shape.length);
      }
      frames.add(new FrameChannel.Outgoing(head, parts.captured(), parts.captured().length));
      return new Sent(id, reply);
    }

    private void write(List<FrameChannel.Outgoing> frames) {
      if (frames.isEmpty()) {
        return;
      }
      try {
        worker.runAll(frames, this::onFrame);
      } catch (IOException e) {
        // the channel broke: the worker is dying, and its end completes the replies
      }
    }

    private void onFrame(FrameChannel.Frame frame) {
      CompletableFuture<Object> reply = pending.get(frame.body().readLong());
      if (reply == null) {
        return;
      }
      try {
        if (frame.type() == WireDescriptor.RESULT) {
          reply.complete(
              reply instanceof ChunkReply
                  ? Codec.decodeUnboxed(frame.body())
                  : Codec.decode(frame.body()));
        } else if (frame.type() == WireDescriptor.FAILURE) {
          reply.completeExceptionally(ThrowableCodec.decode(frame.body()));
        }
      } catch (RuntimeException e) {
        reply.completeExceptionally(e); // the result could not be decoded here
      }
    }

    @Override
    public long pid() {
      return worker.pid();
    }

    @Override
    public Death lastDeath() {
      return lastDeath;
    }

    @Override
    public int prefetchDepth() {
      return DEPTH;
    }

    @Override
    public void prefetch(List<? extends WorkUnit> items) {
      List<FrameChannel.Outgoing> frames = new ArrayList<>(items.size());
      for (WorkUnit item : items) {
        sent.put(item.id(), expect(item.body(), frames));
      }
      write(frames);
    }

    @Override
    public Outcome run(WorkUnit item, long deadlineNanos) throws InterruptedException {
      Sent ahead = sent.remove(item.id());
      Sent frame = ahead != null ? ahead : send(item.body());
      CompletableFuture<Object> reply = frame.reply();
      try {
        Object result =
            deadlineNanos == Long.MAX_VALUE
                ? reply.get()
                : reply.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        item.complete(result);
        return Outcome.DONE;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Died died) {
          lost = true;
          if (item.isDone()) {
            return Outcome.CANCELLED; // cancel(true) killed it
          }
          if (died.started < frame.frameId()) { // frame ids grow: it never began here
            if (item.lostStart() < MAX_LOST_STARTS) {
              return Outcome.NOT_STARTED;
            }
            item.fail(
                new WorkerDiedException(
                    item
                        + " was handed to "
                        + MAX_LOST_STARTS
                        + " worker processes that died"
                        + " before they began it; the last, "
                        + worker.pid()
                        + ", "
                        + describe(died.code)
                        + quote(died.tail),
                    worker.pid(),
                    died.code,
                    died.tail));
            return Outcome.DIED;
          }
          // it began the item here: the pool judges the death (Quarantine), and fails or retries it
          boolean chunk = item.body() instanceof ChunkBytes;
          String what =
              chunk && died.item >= 0
                  ? "map item " + died.item + " (of " + item + ")"
                  : item.toString();
          lastDeath =
              new Death(
                  new WorkerDiedException(
                      "worker process "
                          + worker.pid()
                          + " died while running "
                          + what
                          + ": "
                          + describe(died.code)
                          + "; the pool replaced it"
                          + quote(died.tail),
                      worker.pid(),
                      died.code,
                      died.tail),
                  chunk ? died.item : -1,
                  worker.outOfMemory() != null || worker.frameRefused() != null);
          return Outcome.DIED;
        }
        item.fail(e.getCause());
        // said before the failure: the worker ends without beginning another task
        if (worker.outOfMemory() != null) {
          lost = true;
          worker.retire();
        }
        return Outcome.DONE;
      } catch (TimeoutException e) {
        lost = true;
        long running =
            item.body() instanceof ChunkBytes && tail.startedId() == frame.frameId()
                ? tail.itemIndex()
                : -1;
        TaskTimeoutException timeout =
            new TaskTimeoutException(
                item
                    + " passed its deadline of "
                    + item.deadline()
                    + (running >= 0 ? " while running map item " + running : "")
                    + ": worker process "
                    + worker.pid()
                    + " was stopped (SIGTERM, then SIGKILL) and replaced",
                item.deadline());
        item.fail(running >= 0 ? new MapFailedException(running, timeout) : timeout);
        stop();
        return Outcome.TIMED_OUT;
      }
    }

    private static String quote(String text) {
      return text.isEmpty()
          ? " (it wrote nothing to System.err)"
          : "; the end of its System.err:\n" + text;
    }

    private String describe(int code) {
      String why = worker.frameRefused() != null ? worker.frameRefused() : worker.outOfMemory();
      return (code < 0 ? "killed by " + ProcessJob.signalName(-code) : "exited with code " + code)
          + (why != null ? " (" + why + ")" : "");
    }

    /** SIGTERM, a grace period, SIGKILL: a task stuck past its deadline may ignore the first. */
    private void stop() {
      worker.signal(Posix.SIGTERM);
      try {
        worker.ended().get(TERM_GRACE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        worker.signal(Posix.SIGKILL);
      } catch (ExecutionException | TimeoutException e) {
        worker.signal(Posix.SIGKILL);
      }
    }

    @Override
    public void abort() {
      lost = true;
      worker.signal(Posix.SIGKILL);
    }

    @Override
    public boolean usable() {
      return !lost && worker.isUsable();
    }

    @Override
    public void retire() {
      lost = true;
      worker.retire();
    }
  }
}

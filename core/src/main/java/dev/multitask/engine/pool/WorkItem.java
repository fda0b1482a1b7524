package dev.multitask.engine.pool;

import dev.multitask.spi.WorkUnit;
import java.time.Duration;

/**
 * One queued unit of a pool: a submitted task or a chunk of a map. States: queued → started (a slot
 * took it: {@link #start}) → done (its future completed), or queued → done when cancelled or the
 * pool terminates before a slot takes it.
 */
public final class WorkItem implements WorkUnit {
  final long id;
  final Object body;
  final long rank;
  final Duration deadline;
  final String label;
  final String key;

  /**
   * For a map chunk: the index of its first item in the whole input, and how many it has; -1 and 0
   * otherwise.
   */
  final long chunkStart;

  final int chunkSize;

  /** For a chunk of one item run again after its worker died: the deaths it has seen. */
  Quarantine.ItemDeaths deaths;

  /** For a chunk cut after its worker died: the chunks its items now run in (ChunkSplit). */
  private volatile java.util.List<WorkItem> pieces;

  final TaskFuture<Object> future;
  private volatile Slot slot;
  private final PoolEngine engine;
  private volatile int worker = -1;
  private volatile long pid;
  private volatile long startedAt;
  private final java.util.concurrent.atomic.AtomicBoolean recorded =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger lostStarts =
      new java.util.concurrent.atomic.AtomicInteger();

  WorkItem(
      PoolEngine engine,
      long id,
      Object body,
      long rank,
      Duration deadline,
      String label,
      String key) {
    this(engine, id, body, rank, deadline, label, key, -1, 0);
  }

  WorkItem(
      PoolEngine engine,
      long id,
      Object body,
      long rank,
      Duration deadline,
      String label,
      String key,
      long chunkStart,
      int chunkSize) {
    this.id = id;
    this.body = body;
    this.rank = rank;
    this.deadline = deadline;
    this.label = label;
    this.key = key;
    this.chunkStart = chunkStart;
    this.chunkSize = chunkSize;
    this.future = new TaskFuture<>(engine, this);
    this.engine = engine;
  }

  boolean isChunk() {
    return chunkSize > 0;
  }

  /** The chunks this one was cut into after its worker died, or null. */
  java.util.List<WorkItem> pieces() {
    return pieces;
  }

  void cutInto(java.util.List<WorkItem> pieces) {
    this.pieces = pieces;
  }

  /**
   * The item begins on worker slot {@code worker}, in process {@code pid}, at pool time {@code
   * startedAt}.
   */
  void begin(int worker, long pid, long startedAt) {
    this.worker = worker;
    this.pid = pid;
    this.startedAt = startedAt;
  }

  /**
   * Records the item in the pool's timeline once, before its future completes, so that whoever sees
   * the result also sees the record.
   */
  void record(String outcome) {
    if (!future.isDone()) {
      recordIfNone(outcome);
    }
  }

  /** Records {@code outcome} if nothing was recorded (a cancel completed the future first). */
  void recordIfNone(String outcome) {
    if (recorded.compareAndSet(false, true)) {
      long now = engine.clock();
      engine.record(this, Math.max(0, worker), pid, worker < 0 ? now : startedAt, now, outcome);
    }
  }

  private static String outcomeOf(Throwable failure) {
    if (failure instanceof dev.multitask.pool.TaskQuarantinedException) {
      return "quarantined";
    }
    if (failure instanceof dev.multitask.pool.WorkerDiedException) {
      return "worker died";
    }
    if (failure instanceof dev.multitask.pool.TaskTimeoutException) {
      return "timed out";
    }
    return failure instanceof java.util.concurrent.CancellationException ? "cancelled" : "failed";
  }

  /** What the worker runs: the task itself (inline backends) or its encoding (processes). */
  @Override
  public Object body() {
    return body;
  }

  /** The pool's number of this item, unique and increasing in submission order. */
  @Override
  public long id() {
    return id;
  }

  /** The item's deadline, or null for none. */
  @Override
  public Duration deadline() {
    return deadline;
  }

  /** A short name for messages and the timeline. */
  public String label() {
    return label;
  }

  /** Completes the future with a result; false if it was already done (cancelled, timed out). */
  @Override
  public boolean complete(Object value) {
    record("ok");
    return future.complete(value);
  }

  /** Completes the future with a failure; false if it was already done. */
  @Override
  public boolean fail(Throwable failure) {
    record(outcomeOf(failure));
    return future.completeExceptionally(failure);
  }

  @Override
  public boolean isDone() {
    return future.isDone();
  }

  /** Counts a worker that died before beginning this item; returns how many have. */
  @Override
  public int lostStart() {
    return lostStarts.incrementAndGet();
  }

  /** A slot takes the item; false if it is already done and must be skipped. */
  boolean start(Slot by) {
    slot = by;
    return future.start();
  }

  Slot slot() {
    return slot;
  }

  @Override
  public String toString() {
    return label + " #" + id;
  }
}

package dev.multitask.engine;

import dev.multitask.spi.QueueOrder;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.JobBuilder;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Pipe;
import dev.multitask.ipc.Queue;
import java.util.ArrayList;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import dev.multitask.engine.pool.PoolEngine;
import dev.multitask.engine.pool.PoolWorker;
import dev.multitask.shared.Manager;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.shared.SharedMemory;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import dev.multitask.sync.Semaphore;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the contexts share: argument checks, builders, the set of live jobs and the closing
 * rule (daemon jobs are terminated, non-daemon jobs are waited for).
 */
public abstract class AbstractContext implements Context {
  private final Set<Job<?>> live = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  /** Pools made here: closed (gracefully) when the context closes. */
  private final java.util.Queue<Pool> pools = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** Managers made here: closed when the context closes, after the pools. */
  private final java.util.Queue<Manager> managers =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  @Override
  public final <R> Job<R> start(Task<R> body) {
    return job(body).start();
  }

  @Override
  public final Job<Void> start(Action body) {
    return job(body).start();
  }

  @Override
  public final <R> JobBuilder<R> job(Task<R> body) {
    Objects.requireNonNull(body, "body: pass the task the job should run");
    return new BasicJobBuilder<>(body, this::startTracked);
  }

  @Override
  public final JobBuilder<Void> job(Action body) {
    Objects.requireNonNull(body, "body: pass the action the job should run");
    return new BasicJobBuilder<>(new ActionTask(body), this::startTracked);
  }

  private <R> Job<R> startTracked(Task<R> body, String name, boolean daemon, ProcessOptions options) {
    checkOpen();
    Job<R> job = launch(body, name, daemon, options);
    live.add(job);
    job.future().whenComplete((r, e) -> live.remove(job));
    return job;
  }

  /**
   * Starts a job on this backend.
   *
   * @param body the work
   * @param name the name, or null for the default
   * @param daemon the daemon flag
   * @param options per-job process options, or null
   * @param <R> the result type
   * @return the started job
   */
  protected abstract <R> Job<R> launch(Task<R> body, String name, boolean daemon, ProcessOptions options);

  @Override
  public final <T> Queue<T> queue() {
    return queue(0);
  }

  @Override
  public final <T> Queue<T> queue(int capacity) {
    return makeQueue(QueueOrder.FIFO, capacity, null);
  }

  @Override
  public final <T> Queue<T> lifoQueue(int capacity) {
    return makeQueue(QueueOrder.LIFO, capacity, null);
  }

  @Override
  public final <T> Queue<T> priorityQueue(int capacity) {
    return makeQueue(QueueOrder.PRIORITY, capacity, null);
  }

  @Override
  public final <T> Queue<T> priorityQueue(int capacity, Comparator<? super T> comparator) {
    Objects.requireNonNull(comparator, "comparator: pass the order, or use priorityQueue(capacity) for the natural one");
    return makeQueue(QueueOrder.PRIORITY, capacity, comparator);
  }

  @Override
  public final <T> JoinableQueue<T> joinableQueue(int capacity) {
    return makeQueue(QueueOrder.FIFO, capacity, null);
  }

  @Override
  public final <T> Pipe<T> pipe() {
    return pipe(true);
  }

  @Override
  public final <T> Pipe<T> pipe(boolean duplex) {
    checkOpen();
    return newPipe(duplex);
  }

  private <T> JoinableQueue<T> makeQueue(QueueOrder order, int capacity, Comparator<? super T> comparator) {
    if (capacity < 0) {
      throw new IllegalArgumentException("queue capacity must be >= 0 (0 = unbounded): capacity=" + capacity);
    }
    checkOpen();
    return newQueue(order, capacity, comparator);
  }

  /**
   * Makes a queue on this backend; every queue counts unfinished tasks, so one type serves both
   * {@code queue} and {@code joinableQueue}.
   *
   * @param order the order elements come out in
   * @param capacity the most elements it holds, 0 for no limit (checked: not negative)
   * @param comparator for {@link QueueOrder#PRIORITY}: the order, or null for the natural one
   * @param <T> the element type
   * @return a new, empty queue
   */
  protected abstract <T> JoinableQueue<T> newQueue(QueueOrder order, int capacity, Comparator<? super T> comparator);

  /**
   * Makes a pipe on this backend.
   *
   * @param duplex whether both ends send and receive
   * @param <T> the message type
   * @return the pipe
   */
  protected abstract <T> Pipe<T> newPipe(boolean duplex);

  @Override
  public final Pool pool(int workers) {
    return pool(PoolOptions.workers(workers));
  }

  @Override
  public final Pool pool(PoolOptions options) {
    Objects.requireNonNull(options, "options: use PoolOptions.workers(n)");
    checkOpen();
    checkPoolSize(options.workers());
    PoolEngine pool = new PoolEngine(options, poolBackend(options));
    pools.add(pool);
    return pool;
  }

  /**
   * Refuses a pool larger than this backend allows on this machine (see {@link PoolOptions}); a
   * pool starts all its workers at once.
   *
   * @param workers the pool's size
   * @throws IllegalArgumentException naming the size and the limit, if it is too large
   */
  protected void checkPoolSize(int workers) {}

  /**
   * How this backend's pool workers are made.
   *
   * @param options the pool's options
   * @return the backend
   */
  protected abstract PoolWorker.Backend poolBackend(PoolOptions options);

  @Override
  public final Lock lock() {
    checkOpen();
    return primitives().lock();
  }

  @Override
  public final RLock rlock() {
    checkOpen();
    return primitives().rlock();
  }

  @Override
  public final Semaphore semaphore(int permits) {
    return makeSemaphore(permits, false);
  }

  @Override
  public final Semaphore boundedSemaphore(int permits) {
    return makeSemaphore(permits, true);
  }

  private Semaphore makeSemaphore(int permits, boolean bounded) {
    if (permits < 0) {
      throw new IllegalArgumentException("semaphore permits must be >= 0: permits=" + permits);
    }
    checkOpen();
    return primitives().semaphore(permits, bounded);
  }

  @Override
  public final Event event() {
    checkOpen();
    return primitives().event();
  }

  @Override
  public final Condition condition() {
    return condition(rlock());
  }

  @Override
  public final Condition condition(Lock lock) {
    Objects.requireNonNull(lock, "lock: pass a lock made by this kind of context, or call condition()");
    checkOpen();
    return primitives().condition(lock);
  }

  @Override
  public final Barrier barrier(int parties) {
    return makeBarrier(parties, null);
  }

  @Override
  public final Barrier barrier(int parties, Action action) {
    Objects.requireNonNull(action, "action: pass the action, or call barrier(parties) for none");
    return makeBarrier(parties, action);
  }

  @Override
  public final Barrier barrier(int parties, Duration timeout) {
    return withTimeout(makeBarrier(parties, null), timeout);
  }

  @Override
  public final Barrier barrier(int parties, Action action, Duration timeout) {
    Objects.requireNonNull(action,
        "action: pass the action, or call barrier(parties, timeout) for none");
    return withTimeout(makeBarrier(parties, action), timeout);
  }

  private static Barrier withTimeout(Barrier barrier, Duration timeout) {
    Objects.requireNonNull(timeout,
        "timeout: pass a positive duration, or call barrier(parties) for none");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("barrier timeout must be positive: timeout=" + timeout);
    }
    return new TimedBarrier(barrier, timeout);
  }

  private Barrier makeBarrier(int parties, Action action) {
    if (parties < 1) {
      throw new IllegalArgumentException("barrier parties must be >= 1: parties=" + parties);
    }
    checkOpen();
    return primitives().barrier(parties, action);
  }

  @Override
  public final SharedLong sharedLong(long initial) {
    checkOpen();
    return primitives().sharedLong(initial);
  }

  @Override
  public final SharedDouble sharedDouble(double initial) {
    checkOpen();
    return primitives().sharedDouble(initial);
  }

  @Override
  public final SharedLongArray sharedLongArray(int length) {
    checkLength(length);
    return primitives().sharedLongArray(length);
  }

  @Override
  public final SharedDoubleArray sharedDoubleArray(int length) {
    checkLength(length);
    return primitives().sharedDoubleArray(length);
  }

  @Override
  public final SharedLong sharedLong(long initial, boolean lock) {
    SharedLong value = sharedLong(initial);
    return lock ? value : new RawShared.RawLong(value);
  }

  @Override
  public final SharedDouble sharedDouble(double initial, boolean lock) {
    SharedDouble value = sharedDouble(initial);
    return lock ? value : new RawShared.RawDouble(value);
  }

  @Override
  public final SharedLongArray sharedLongArray(int length, boolean lock) {
    SharedLongArray array = sharedLongArray(length);
    return lock ? array : new RawShared.RawLongArray(array);
  }

  @Override
  public final SharedDoubleArray sharedDoubleArray(int length, boolean lock) {
    SharedDoubleArray array = sharedDoubleArray(length);
    return lock ? array : new RawShared.RawDoubleArray(array);
  }

  private void checkLength(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("shared array length must be >= 0: length=" + length);
    }
    checkOpen();
  }

  @Override
  public final SharedMemory sharedMemory(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("shared memory size must be >= 1 byte: bytes=" + bytes);
    }
    checkOpen();
    return primitives().sharedMemory(bytes);
  }

  @Override
  public final Manager manager() {
    checkOpen();
    Manager manager = newManager();
    managers.add(manager);
    return manager;
  }

  /**
   * Makes a manager on this backend; its sync objects come from this context.
   *
   * @return a new, open manager
   */
  protected abstract Manager newManager();

  /** The factory of this backend's locks, semaphores, events, conditions, barriers and shared values. */
  protected abstract Primitives primitives();

  /** Throws if the context is closed. */
  protected final void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed: make a new context to start more jobs");
    }
  }

  @Override
  public final List<Job<?>> activeChildren() {
    List<Job<?>> alive = new ArrayList<>();
    for (Job<?> job : live) {
      if (job.isAlive()) { // exact even in the moment between a job's end and its removal
        alive.add(job);
      }
    }
    return alive;
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (Job<?> job : activeChildren()) {
        if (job.isDaemon()) {
          job.terminate();
        }
      }
      for (Job<?> job : activeChildren()) {
        if (!job.isDaemon()) {
          job.join();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (Pool pool : pools) {
        pool.close();
      }
      for (Manager manager; (manager = managers.poll()) != null; ) {
        manager.close();
      }
      releaseResources();
    }
  }

  /** Releases what the backend holds once the context is closed. */
  protected void releaseResources() {}
}

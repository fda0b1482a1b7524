package dev.multitask.engine;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.JobBuilder;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import dev.multitask.engine.pipe.QueuePipe;
import dev.multitask.engine.pool.PoolEngine;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Pipe;
import dev.multitask.ipc.Queue;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import dev.multitask.shared.Manager;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.shared.SharedMemory;
import dev.multitask.spi.ActionTask;
import dev.multitask.spi.Backend;
import dev.multitask.spi.JobRequest;
import dev.multitask.spi.QueueOrder;
import dev.multitask.spi.QueueRequest;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import dev.multitask.sync.Semaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one {@link Context} class, over any {@link Backend}: the argument checks, the builders, the
 * set of live jobs and the closing rule (daemon jobs are terminated, non-daemon jobs are waited
 * for, then pools close, then managers, then the backend), the same pool engine, and the wrappers
 * every backend shares (pipes, timed barriers, lock-free shared values).
 */
public class BackendContext implements Context {
  private final Backend backend;
  private final Set<Job<?>> live = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Pools made here: closed (gracefully) when the context closes. */
  private final java.util.Queue<Pool> pools = new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** Managers made here: closed when the context closes, after the pools. */
  private final java.util.Queue<Manager> managers =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /**
   * A context over {@code backend}, which it closes when it closes.
   *
   * @param backend the execution model
   */
  public BackendContext(Backend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  /** The backend this context runs on: for tests and benchmarks that need its own calls. */
  public Backend backend() {
    return backend;
  }

  @Override
  public <R> Job<R> start(Task<R> body) {
    return job(body).start();
  }

  @Override
  public Job<Void> start(Action body) {
    return job(body).start();
  }

  @Override
  public <R> JobBuilder<R> job(Task<R> body) {
    Objects.requireNonNull(body, "body: pass the task the job should run");
    return new BasicJobBuilder<>(body, this::startTracked);
  }

  @Override
  public JobBuilder<Void> job(Action body) {
    Objects.requireNonNull(body, "body: pass the action the job should run");
    return new BasicJobBuilder<>(new ActionTask(body), this::startTracked);
  }

  private <R> Job<R> startTracked(
      Task<R> body, String name, boolean daemon, ProcessOptions options) {
    checkOpen();
    Job<R> job = backend.launch(new JobRequest<>(body, name, daemon, options));
    live.add(job);
    job.future().whenComplete((r, e) -> live.remove(job));
    return job;
  }

  @Override
  public <T> Queue<T> queue() {
    return queue(0);
  }

  @Override
  public <T> Queue<T> queue(int capacity) {
    return makeQueue(QueueOrder.FIFO, capacity, null);
  }

  @Override
  public <T> Queue<T> lifoQueue(int capacity) {
    return makeQueue(QueueOrder.LIFO, capacity, null);
  }

  @Override
  public <T> Queue<T> priorityQueue(int capacity) {
    return makeQueue(QueueOrder.PRIORITY, capacity, null);
  }

  @Override
  public <T> Queue<T> priorityQueue(int capacity, Comparator<? super T> comparator) {
    Objects.requireNonNull(
        comparator,
        "comparator: pass the order, or use priorityQueue(capacity) for the natural one");
    return makeQueue(QueueOrder.PRIORITY, capacity, comparator);
  }

  @Override
  public <T> JoinableQueue<T> joinableQueue(int capacity) {
    return makeQueue(QueueOrder.FIFO, capacity, null);
  }

  @Override
  public <T> Pipe<T> pipe() {
    return pipe(true);
  }

  @Override
  public <T> Pipe<T> pipe(boolean duplex) {
    checkOpen();
    return QueuePipe.create(
        duplex, () -> backend.queue(new QueueRequest<>(QueueOrder.FIFO, 0, null)));
  }

  private <T> JoinableQueue<T> makeQueue(
      QueueOrder order, int capacity, Comparator<? super T> comparator) {
    if (capacity < 0) {
      throw new IllegalArgumentException(
          "queue capacity must be >= 0 (0 = unbounded): capacity=" + capacity);
    }
    checkOpen();
    return backend.queue(new QueueRequest<>(order, capacity, comparator));
  }

  @Override
  public Pool pool(int workers) {
    return pool(PoolOptions.workers(workers));
  }

  @Override
  public Pool pool(PoolOptions options) {
    Objects.requireNonNull(options, "options: use PoolOptions.workers(n)");
    checkOpen();
    backend.checkPoolSize(options.workers());
    PoolEngine pool = new PoolEngine(options, backend.poolWorkers(options));
    pools.add(pool);
    return pool;
  }

  @Override
  public Lock lock() {
    checkOpen();
    return backend.lock();
  }

  @Override
  public RLock rlock() {
    checkOpen();
    return backend.rlock();
  }

  @Override
  public Semaphore semaphore(int permits) {
    return makeSemaphore(permits, false);
  }

  @Override
  public Semaphore boundedSemaphore(int permits) {
    return makeSemaphore(permits, true);
  }

  private Semaphore makeSemaphore(int permits, boolean bounded) {
    if (permits < 0) {
      throw new IllegalArgumentException("semaphore permits must be >= 0: permits=" + permits);
    }
    checkOpen();
    return backend.semaphore(permits, bounded);
  }

  @Override
  public Event event() {
    checkOpen();
    return backend.event();
  }

  @Override
  public Condition condition() {
    return condition(rlock());
  }

  @Override
  public Condition condition(Lock lock) {
    Objects.requireNonNull(
        lock, "lock: pass a lock made by this kind of context, or call condition()");
    checkOpen();
    return backend.condition(lock);
  }

  @Override
  public Barrier barrier(int parties) {
    return makeBarrier(parties, null);
  }

  @Override
  public Barrier barrier(int parties, Action action) {
    Objects.requireNonNull(action, "action: pass the action, or call barrier(parties) for none");
    return makeBarrier(parties, action);
  }

  @Override
  public Barrier barrier(int parties, Duration timeout) {
    return withTimeout(makeBarrier(parties, null), timeout);
  }

  @Override
  public Barrier barrier(int parties, Action action, Duration timeout) {
    Objects.requireNonNull(
        action, "action: pass the action, or call barrier(parties, timeout) for none");
    return withTimeout(makeBarrier(parties, action), timeout);
  }

  private static Barrier withTimeout(Barrier barrier, Duration timeout) {
    Objects.requireNonNull(
        timeout, "timeout: pass a positive duration, or call barrier(parties) for none");
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
    return backend.barrier(parties, action);
  }

  @Override
  public SharedLong sharedLong(long initial) {
    checkOpen();
    return backend.sharedLong(initial);
  }

  @Override
  public SharedDouble sharedDouble(double initial) {
    checkOpen();
    return backend.sharedDouble(initial);
  }

  @Override
  public SharedLongArray sharedLongArray(int length) {
    checkLength(length);
    return backend.sharedLongArray(length);
  }

  @Override
  public SharedDoubleArray sharedDoubleArray(int length) {
    checkLength(length);
    return backend.sharedDoubleArray(length);
  }

  @Override
  public SharedLong sharedLong(long initial, boolean lock) {
    SharedLong value = sharedLong(initial);
    return lock ? value : new RawShared.RawLong(value);
  }

  @Override
  public SharedDouble sharedDouble(double initial, boolean lock) {
    SharedDouble value = sharedDouble(initial);
    return lock ? value : new RawShared.RawDouble(value);
  }

  @Override
  public SharedLongArray sharedLongArray(int length, boolean lock) {
    SharedLongArray array = sharedLongArray(length);
    return lock ? array : new RawShared.RawLongArray(array);
  }

  @Override
  public SharedDoubleArray sharedDoubleArray(int length, boolean lock) {
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
  public SharedMemory sharedMemory(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("shared memory size must be >= 1 byte: bytes=" + bytes);
    }
    checkOpen();
    return backend.sharedMemory(bytes);
  }

  @Override
  public Manager manager() {
    checkOpen();
    Manager manager = backend.manager(this);
    managers.add(manager);
    return manager;
  }

  /** Throws if the context is closed. */
  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed: make a new context to start more jobs");
    }
  }

  @Override
  public List<Job<?>> activeChildren() {
    List<Job<?>> alive = new ArrayList<>();
    for (Job<?> job : live) {
      if (job.isAlive()) { // exact even in the moment between a job's end and its removal
        alive.add(job);
      }
    }
    return alive;
  }

  @Override
  public void close() {
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
      backend.close();
    }
  }

  @Override
  public boolean awaitWarm(Duration timeout) throws InterruptedException {
    return backend.awaitWarm(timeout);
  }

  @Override
  public String toString() {
    return backend.name() + " context";
  }
}

package dev.multitask.redis.backend;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.Task;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Pipe;
import dev.multitask.job.QueueOrder;
import dev.multitask.pipe.QueuePipe;
import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.Ids;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.ipc.RedisQueue;
import dev.multitask.redis.sync.RedisBarrier;
import dev.multitask.redis.sync.RedisCondition;
import dev.multitask.redis.sync.RedisEvent;
import dev.multitask.redis.sync.RedisLock;
import dev.multitask.redis.sync.RedisSemaphore;
import dev.multitask.redis.sync.RedisShared;
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
import dev.multitask.workers.PoolWorker;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster as an execution model: what a context needs, made in Redis. Jobs and pool items go to
 * the task queue ({@link dev.multitask.redis.tasks.Tasks}); every other object is a key (or a few)
 * under {@code mt:o:CTX:N}, created at once and reachable from any JVM of the cluster through its
 * handle.
 */
public final class ClusterBackend implements AutoCloseable {
  private static final AtomicInteger JOB_NUMBERS = new AtomicInteger();

  private final RedisAddress address;
  private final Redis redis;
  private final String id = Ids.next();
  private final Dispatcher dispatcher;
  private final AtomicInteger objects = new AtomicInteger();

  /**
   * Connects to {@code address}.
   *
   * @param address the server
   */
  public ClusterBackend(RedisAddress address) {
    this.address = address;
    this.redis = Connections.open(address);
    this.dispatcher = new Dispatcher(redis, id);
  }

  /** The name of the execution model. */
  public String name() {
    return "cluster";
  }

  private String newKey(String kind) {
    return "mt:o:" + id + ":" + kind + objects.incrementAndGet();
  }

  /**
   * Starts a job on some worker.
   *
   * @param body the work
   * @param name the name, or null for {@code Process-N}
   * @param daemon the daemon flag
   * @param <R> the result type
   * @return the job
   */
  public <R> Job<R> launch(Task<R> body, String name, boolean daemon) {
    String jobName = name != null ? name : "Process-" + JOB_NUMBERS.incrementAndGet();
    return new ClusterJob<>(dispatcher, body, jobName, daemon);
  }

  /**
   * A queue.
   *
   * @param order FIFO or LIFO (priority queues are not available on the cluster)
   * @param capacity 0 for no limit
   * @param comparator must be null
   * @param <T> the element type
   * @return the queue
   */
  public <T> JoinableQueue<T> queue(
      QueueOrder order, int capacity, Comparator<? super T> comparator) {
    if (order == QueueOrder.PRIORITY) {
      throw new UnsupportedOperationException(
          "a cluster context has no priority queue yet:"
              + " put (priority, item) pairs into a FIFO queue and sort them where they are taken");
    }
    return new RedisQueue<>(redis, newKey("q"), capacity, order == QueueOrder.LIFO);
  }

  /**
   * A pipe of two queues (one for a one-way pipe).
   *
   * @param duplex whether both ends send and receive
   * @param <T> the message type
   * @return the pipe
   */
  public <T> Pipe<T> pipe(boolean duplex) {
    return QueuePipe.create(duplex, () -> new RedisQueue<>(redis, newKey("p"), 0, false));
  }

  /**
   * @return a lock
   */
  public Lock lock() {
    return new RedisLock(redis, newKey("lock"), false);
  }

  /**
   * @return a reentrant lock
   */
  public RLock rlock() {
    return new RedisLock(redis, newKey("rlock"), true);
  }

  /**
   * @param permits the initial permits
   * @param bounded whether releases may not pass it
   * @return a semaphore
   */
  public Semaphore semaphore(int permits, boolean bounded) {
    return new RedisSemaphore(redis, newKey("sem"), permits, bounded);
  }

  /**
   * @return an event
   */
  public Event event() {
    return new RedisEvent(redis, newKey("event"));
  }

  /**
   * @param lock a cluster lock
   * @return a condition over it
   */
  public Condition condition(Lock lock) {
    if (!(lock instanceof RedisLock r)) {
      throw new IllegalArgumentException(
          "a cluster condition needs a lock of a cluster context,"
              + " made by ctx.lock() or ctx.rlock(): lock="
              + lock);
    }
    return new RedisCondition(redis, newKey("cond"), r);
  }

  /**
   * @param parties the parties
   * @param action the action, or null
   * @return a barrier
   */
  public Barrier barrier(int parties, Action action) {
    return new RedisBarrier(redis, newKey("barrier"), parties, action);
  }

  /**
   * @param initial the value
   * @return a shared long
   */
  public SharedLong sharedLong(long initial) {
    return new RedisShared.Long64(redis, newKey("long"), initial);
  }

  /**
   * @param initial the value
   * @return a shared double
   */
  public SharedDouble sharedDouble(double initial) {
    return new RedisShared.Double64(redis, newKey("double"), initial);
  }

  /**
   * @param length the length
   * @return a shared long array
   */
  public SharedLongArray sharedLongArray(int length) {
    return new RedisShared.LongArray(redis, newKey("longs"), length);
  }

  /**
   * @param length the length
   * @return a shared double array
   */
  public SharedDoubleArray sharedDoubleArray(int length) {
    return new RedisShared.DoubleArray(redis, newKey("doubles"), length);
  }

  /**
   * Refused: a cluster has no memory shared between hosts.
   *
   * @param bytes the size
   * @return never
   */
  public SharedMemory sharedMemory(long bytes) {
    throw new UnsupportedOperationException(
        "a cluster context has no shared memory: hosts share"
            + " nothing but Redis; use sharedLongArray or a manager's dict");
  }

  /**
   * @return how the pools' slots reach the workers
   */
  public PoolWorker.Backend poolWorkers() {
    return new ClusterPoolWorkers(dispatcher);
  }

  /**
   * @return the client
   */
  public Redis redis() {
    return redis;
  }

  /**
   * @return the key prefix of this context's objects
   */
  public String newObjectKey() {
    return newKey("m");
  }

  /** Stops listening for reports and drops the context's heartbeat. */
  @Override
  public void close() {
    dispatcher.close();
  }

  @Override
  public String toString() {
    return "cluster context on " + address;
  }
}

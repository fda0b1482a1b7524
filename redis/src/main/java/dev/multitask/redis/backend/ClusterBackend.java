package dev.multitask.redis.backend;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.engine.pipe.QueuePipe;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Pipe;
import dev.multitask.pool.PoolOptions;
import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.Ids;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.ipc.RedisQueue;
import dev.multitask.redis.shared.ClusterManager;
import dev.multitask.redis.sync.RedisBarrier;
import dev.multitask.redis.sync.RedisCondition;
import dev.multitask.redis.sync.RedisEvent;
import dev.multitask.redis.sync.RedisLock;
import dev.multitask.redis.sync.RedisSemaphore;
import dev.multitask.redis.sync.RedisShared;
import dev.multitask.shared.Manager;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.shared.SharedMemory;
import dev.multitask.spi.Backend;
import dev.multitask.spi.JobRequest;
import dev.multitask.spi.PoolWorkers;
import dev.multitask.spi.QueueOrder;
import dev.multitask.spi.QueueRequest;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import dev.multitask.sync.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster as an execution model ({@code Multitask.cluster("redis://...")}): what a context
 * needs, made in Redis. Jobs and pool items go to the task queue ({@link
 * dev.multitask.redis.tasks.Tasks}) and run on worker JVMs; every other object is a key (or a few)
 * under {@code mt:o:CTX:N}, created at once and reachable from any JVM of the cluster through its
 * handle. Raw shared memory is refused: hosts share nothing but the server.
 *
 * <p>Thread-safe. {@link #close()} stops the context's report reader and heartbeat and releases the
 * client; the objects it made stay in Redis until the keys expire or are deleted (they may be held
 * by other JVMs), and in this JVM they fail once the last context on their server is closed.
 */
public final class ClusterBackend implements Backend {
  private static final AtomicInteger JOB_NUMBERS = new AtomicInteger();

  private final RedisAddress address;
  private final Redis redis;
  private final String id = Ids.next();
  private final Dispatcher dispatcher;
  private final AtomicInteger objects = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Connects to {@code address}.
   *
   * @param address the server
   * @throws IllegalStateException if the server cannot be reached
   */
  public ClusterBackend(RedisAddress address) {
    this.address = address;
    this.redis = Connections.open(address);
    this.dispatcher = new Dispatcher(redis, id);
  }

  @Override
  public String name() {
    return "cluster";
  }

  private String newKey(String kind) {
    return "mt:o:" + id + ":" + kind + objects.incrementAndGet();
  }

  @Override
  public <R> Job<R> launch(JobRequest<R> request) {
    String jobName =
        request.name() != null ? request.name() : "Process-" + JOB_NUMBERS.incrementAndGet();
    return new ClusterJob<>(dispatcher, request.body(), jobName, request.daemon());
  }

  @Override
  public <T> JoinableQueue<T> queue(QueueRequest<T> request) {
    return new RedisQueue<>(
        redis, newKey("q"), request.capacity(), request.order(), request.comparator());
  }

  @Override
  public <T> Pipe<T> pipe(boolean duplex) {
    return QueuePipe.create(
        duplex, () -> new RedisQueue<>(redis, newKey("p"), 0, QueueOrder.FIFO, null));
  }

  @Override
  public Lock lock() {
    return new RedisLock(redis, newKey("lock"), false);
  }

  @Override
  public RLock rlock() {
    return new RedisLock(redis, newKey("rlock"), true);
  }

  @Override
  public Semaphore semaphore(int permits, boolean bounded) {
    return new RedisSemaphore(redis, newKey("sem"), permits, bounded);
  }

  @Override
  public Event event() {
    return new RedisEvent(redis, newKey("event"));
  }

  @Override
  public Condition condition(Lock lock) {
    if (!(lock instanceof RedisLock r)) {
      throw new IllegalArgumentException(
          "a cluster condition needs a lock of a cluster context, made by ctx.lock() or"
              + " ctx.rlock(): lock="
              + lock);
    }
    return new RedisCondition(redis, newKey("cond"), r);
  }

  @Override
  public Barrier barrier(int parties, Action action) {
    return new RedisBarrier(redis, newKey("barrier"), parties, action);
  }

  @Override
  public SharedLong sharedLong(long initial) {
    return new RedisShared.Long64(redis, newKey("long"), initial);
  }

  @Override
  public SharedDouble sharedDouble(double initial) {
    return new RedisShared.Double64(redis, newKey("double"), initial);
  }

  @Override
  public SharedLongArray sharedLongArray(int length) {
    return new RedisShared.LongArray(redis, newKey("longs"), length);
  }

  @Override
  public SharedDoubleArray sharedDoubleArray(int length) {
    return new RedisShared.DoubleArray(redis, newKey("doubles"), length);
  }

  /**
   * Refused: the hosts of a cluster share no memory.
   *
   * @param bytes the size
   * @return never
   * @throws UnsupportedOperationException always
   */
  @Override
  public SharedMemory sharedMemory(long bytes) {
    throw new UnsupportedOperationException(
        "a cluster context has no shared memory: its hosts share nothing but Redis; use"
            + " sharedLongArray, sharedDoubleArray or a manager's dict");
  }

  @Override
  public Manager manager(Context context) {
    return ClusterManager.create(redis, newKey("mgr"), context);
  }

  @Override
  public PoolWorkers poolWorkers(PoolOptions options) {
    return new ClusterPoolWorkers(dispatcher, options.initializer());
  }

  /**
   * The client of this context's server, for tests and benchmarks.
   *
   * @return the client
   */
  public Redis redis() {
    return redis;
  }

  /**
   * Stops listening for reports, drops the context's heartbeat and releases this JVM's client of
   * the server (closed, with its threads, when no other context of this JVM uses it).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      dispatcher.close();
    } finally {
      Connections.release(address);
    }
  }

  @Override
  public String toString() {
    return "cluster on " + address;
  }
}

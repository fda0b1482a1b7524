package dev.multitask.redis.backend;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Pipe;
import dev.multitask.job.AbstractContext;
import dev.multitask.job.Primitives;
import dev.multitask.job.QueueOrder;
import dev.multitask.pool.PoolOptions;
import dev.multitask.redis.client.RedisAddress;
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
import dev.multitask.workers.PoolWorker;
import java.util.Comparator;

/**
 * The cluster context: {@link dev.multitask.Context} over a {@link ClusterBackend}. Pools are the
 * core's pool engine over {@link ClusterPoolWorkers}.
 */
public final class ClusterContext extends AbstractContext {
  private final ClusterBackend backend;
  private final Primitives primitives;

  /**
   * A context on {@code address}'s server.
   *
   * @param address the server
   */
  public ClusterContext(RedisAddress address) {
    this.backend = new ClusterBackend(address);
    this.primitives =
        new Primitives() {
          @Override
          public Lock lock() {
            return backend.lock();
          }

          @Override
          public RLock rlock() {
            return backend.rlock();
          }

          @Override
          public Semaphore semaphore(int permits, boolean bounded) {
            return backend.semaphore(permits, bounded);
          }

          @Override
          public Event event() {
            return backend.event();
          }

          @Override
          public Condition condition(Lock lock) {
            return backend.condition(lock);
          }

          @Override
          public Barrier barrier(int parties, Action action) {
            return backend.barrier(parties, action);
          }

          @Override
          public SharedLong sharedLong(long initial) {
            return backend.sharedLong(initial);
          }

          @Override
          public SharedDouble sharedDouble(double initial) {
            return backend.sharedDouble(initial);
          }

          @Override
          public SharedLongArray sharedLongArray(int length) {
            return backend.sharedLongArray(length);
          }

          @Override
          public SharedDoubleArray sharedDoubleArray(int length) {
            return backend.sharedDoubleArray(length);
          }

          @Override
          public SharedMemory sharedMemory(long bytes) {
            return backend.sharedMemory(bytes);
          }
        };
  }

  @Override
  protected <R> Job<R> launch(Task<R> body, String name, boolean daemon, ProcessOptions options) {
    return backend.launch(body, name, daemon);
  }

  @Override
  protected <T> JoinableQueue<T> newQueue(
      QueueOrder order, int capacity, Comparator<? super T> comparator) {
    return backend.queue(order, capacity, comparator);
  }

  @Override
  protected <T> Pipe<T> newPipe(boolean duplex) {
    return backend.pipe(duplex);
  }

  @Override
  protected PoolWorker.Backend poolBackend(PoolOptions options) {
    if (options.initializer() != null) {
      throw new UnsupportedOperationException(
          "a cluster pool has no initializer yet: its workers"
              + " are shared by every pool; run the set-up at the start of the task");
    }
    return backend.poolWorkers();
  }

  @Override
  protected Manager newManager() {
    throw new UnsupportedOperationException(
        "a cluster context has no manager yet: use its"
            + " queues, locks and shared values directly");
  }

  @Override
  protected Primitives primitives() {
    return primitives;
  }

  @Override
  protected void releaseResources() {
    backend.close();
  }

  @Override
  public String toString() {
    return backend.toString();
  }
}

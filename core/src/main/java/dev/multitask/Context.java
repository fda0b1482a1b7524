package dev.multitask;

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
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import dev.multitask.sync.Semaphore;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Where jobs run, as Python's {@code multiprocessing.get_context()}: child JVMs ({@link
 * Multitask#processes()}), platform threads ({@link Multitask#threads()}) or virtual threads
 * ({@link Multitask#coroutines()}). A program written against {@code Context} changes execution
 * model by changing the line that makes it.
 *
 * <p>A context may be used by many threads at once. {@link #close()} ends it as Python's main
 * process ends: daemon jobs are stopped, non-daemon jobs are waited for, and the context's
 * resources (for processes: warm standby workers) are released. Closing twice does nothing.
 */
public interface Context extends AutoCloseable {

  /**
   * Starts a job running {@code body} with default settings, as {@code job(body).start()}.
   *
   * @param body the work; for processes it is serialized here, so an unserializable capture fails
   *     in this call
   * @param <R> the type of the result
   * @return the started job
   * @throws NullPointerException if {@code body} is null
   * @throws IllegalArgumentException if {@code body} cannot be serialized for a child JVM
   * @throws IllegalStateException if the context is closed, or the caller is a daemon process job
   *     (which may not start processes, as in Python)
   */
  <R> Job<R> start(Task<R> body);

  /**
   * Starts a job running {@code body} with default settings; its result is {@code null}.
   *
   * @param body the work
   * @return the started job
   * @throws NullPointerException if {@code body} is null
   * @throws IllegalArgumentException if {@code body} cannot be serialized for a child JVM
   * @throws IllegalStateException if the context is closed, or the caller is a daemon process job
   */
  Job<Void> start(Action body);

  /**
   * Describes a job before starting it: its name, daemon flag and, for processes, its options.
   *
   * @param body the work
   * @param <R> the type of the result
   * @return a builder whose {@link JobBuilder#start()} starts the job once
   * @throws NullPointerException if {@code body} is null
   */
  <R> JobBuilder<R> job(Task<R> body);

  /**
   * Describes a job without a result before starting it.
   *
   * @param body the work
   * @return a builder whose {@link JobBuilder#start()} starts the job once
   * @throws NullPointerException if {@code body} is null
   */
  JobBuilder<Void> job(Action body);

  /**
   * The jobs started by this context that have not ended yet, as Python's {@code
   * multiprocessing.active_children()}.
   *
   * @return a snapshot, in no particular order
   */
  List<Job<?>> activeChildren();

  /**
   * An unbounded first-in-first-out queue for this context's jobs, as Python's {@code
   * multiprocessing.Queue()} or {@code queue.Queue()}: {@code put} never waits.
   *
   * @param <T> the element type
   * @return a new, empty queue
   * @throws IllegalStateException if the context is closed
   */
  <T> Queue<T> queue();

  /**
   * A first-in-first-out queue holding at most {@code capacity} elements, as Python's {@code
   * Queue(maxsize)}.
   *
   * @param capacity the most elements it holds; 0 means unbounded
   * @param <T> the element type
   * @return a new, empty queue
   * @throws IllegalArgumentException if {@code capacity} is negative
   * @throws IllegalStateException if the context is closed
   */
  <T> Queue<T> queue(int capacity);

  /**
   * A last-in-first-out queue, as Python's {@code queue.LifoQueue(maxsize)}: {@code take} returns
   * the element put last.
   *
   * @param capacity the most elements it holds; 0 means unbounded
   * @param <T> the element type
   * @return a new, empty queue
   * @throws IllegalArgumentException if {@code capacity} is negative
   * @throws IllegalStateException if the context is closed
   */
  <T> Queue<T> lifoQueue(int capacity);

  /**
   * A priority queue in the elements' natural order, as Python's {@code
   * queue.PriorityQueue(maxsize)}: {@code take} returns the least element; equal elements come out
   * in the order they were put. Elements must be {@link Comparable}: putting one that is not throws
   * {@link ClassCastException}.
   *
   * @param capacity the most elements it holds; 0 means unbounded
   * @param <T> the element type
   * @return a new, empty queue
   * @throws IllegalArgumentException if {@code capacity} is negative
   * @throws IllegalStateException if the context is closed
   */
  <T> Queue<T> priorityQueue(int capacity);

  /**
   * A priority queue ordered by {@code comparator}: {@code take} returns the least element.
   *
   * @param capacity the most elements it holds; 0 means unbounded
   * @param comparator the order; for processes it travels to the children, so it must be
   *     serializable (a lambda cast to {@code Comparator<T> & Serializable}, or {@link
   *     Comparator#naturalOrder()})
   * @param <T> the element type
   * @return a new, empty queue
   * @throws IllegalArgumentException if {@code capacity} is negative, or (processes) the comparator
   *     cannot be serialized
   * @throws NullPointerException if {@code comparator} is null
   * @throws IllegalStateException if the context is closed
   */
  <T> Queue<T> priorityQueue(int capacity, Comparator<? super T> comparator);

  /**
   * A first-in-first-out queue with {@code taskDone()} and {@code join()}, as Python's {@code
   * JoinableQueue(maxsize)}.
   *
   * @param capacity the most elements it holds; 0 means unbounded
   * @param <T> the element type
   * @return a new, empty queue
   * @throws IllegalArgumentException if {@code capacity} is negative
   * @throws IllegalStateException if the context is closed
   */
  <T> JoinableQueue<T> joinableQueue(int capacity);

  /**
   * A duplex pipe, as Python's {@code multiprocessing.Pipe()}.
   *
   * @param <T> the message type
   * @return two connected ends
   * @throws IllegalStateException if the context is closed
   */
  <T> Pipe<T> pipe();

  /**
   * A pipe, duplex or one-way, as Python's {@code Pipe(duplex)}: one-way, the left end only
   * receives and the right end only sends.
   *
   * @param duplex whether both ends send and receive
   * @param <T> the message type
   * @return two connected ends
   * @throws IllegalStateException if the context is closed
   */
  <T> Pipe<T> pipe(boolean duplex);

  /**
   * A pool of {@code workers} workers with default options, as Python's {@code Pool(workers)} or
   * {@code ProcessPoolExecutor(workers)} / {@code ThreadPoolExecutor(workers)}.
   *
   * @param workers the number of workers, {@code >= 1}
   * @return a new pool; close it (try-with-resources), or the context's close does
   * @throws IllegalArgumentException if {@code workers < 1}, or more than this backend starts on
   *     this machine (see {@link PoolOptions}: a few dozen processes per CPU, 10 000 threads)
   * @throws IllegalStateException if the context is closed
   */
  Pool pool(int workers);

  /**
   * A pool made as {@code options} say.
   *
   * @param options workers, initializer, recycling, deadline, queue policy, process options
   * @return a new pool; close it (try-with-resources), or the context's close does
   * @throws IllegalArgumentException if the initializer cannot be serialized (processes), or if
   *     {@code options.workers()} is more than this backend starts on this machine (see {@link
   *     PoolOptions})
   * @throws IllegalStateException if the context is closed
   */
  Pool pool(PoolOptions options);

  /**
   * A lock, as Python's {@code Lock()}: not reentrant, releasable by any job.
   *
   * @return a new, unlocked lock
   * @throws IllegalStateException if the context is closed
   */
  Lock lock();

  /**
   * A reentrant lock, as Python's {@code RLock()}: owned by one thread of one job.
   *
   * @return a new, unlocked lock
   * @throws IllegalStateException if the context is closed
   */
  RLock rlock();

  /**
   * A semaphore, as Python's {@code Semaphore(permits)}.
   *
   * @param permits the initial number of permits, {@code >= 0}
   * @return a new semaphore
   * @throws IllegalArgumentException if {@code permits < 0}
   * @throws IllegalStateException if the context is closed
   */
  Semaphore semaphore(int permits);

  /**
   * A bounded semaphore, as Python's {@code BoundedSemaphore(permits)}: releasing past the initial
   * count is an error.
   *
   * @param permits the initial and largest number of permits, {@code >= 0}
   * @return a new semaphore
   * @throws IllegalArgumentException if {@code permits < 0}
   * @throws IllegalStateException if the context is closed
   */
  Semaphore boundedSemaphore(int permits);

  /**
   * An event, as Python's {@code Event()}: initially not set.
   *
   * @return a new event
   * @throws IllegalStateException if the context is closed
   */
  Event event();

  /**
   * A condition over a new {@link RLock}, as Python's {@code Condition()}.
   *
   * @return a new condition
   * @throws IllegalStateException if the context is closed
   */
  Condition condition();

  /**
   * A condition over {@code lock}, as Python's {@code Condition(lock)}.
   *
   * @param lock a {@link Lock} or {@link RLock} made by this context's kind of backend
   * @return a new condition
   * @throws IllegalArgumentException if the lock belongs to another kind of backend
   * @throws IllegalStateException if the context is closed
   */
  Condition condition(Lock lock);

  /**
   * A barrier for {@code parties} jobs, as Python's {@code Barrier(parties)}.
   *
   * @param parties how many jobs a round needs, {@code >= 1}
   * @return a new barrier
   * @throws IllegalArgumentException if {@code parties < 1}
   * @throws IllegalStateException if the context is closed
   */
  Barrier barrier(int parties);

  /**
   * A barrier whose {@code action} runs once per round, in the last job to arrive, before any is
   * released, as Python's {@code Barrier(parties, action)}. For processes the action travels to the
   * children as a task does (it must be serializable).
   *
   * @param parties how many jobs a round needs, {@code >= 1}
   * @param action the action
   * @return a new barrier
   * @throws IllegalArgumentException if {@code parties < 1} or the action cannot be serialized
   * @throws IllegalStateException if the context is closed
   */
  Barrier barrier(int parties, Action action);

  /**
   * A barrier whose {@link Barrier#await()} waits at most {@code timeout}, as Python's {@code
   * Barrier(parties, timeout=t)}: when the time runs out the barrier breaks and {@code await()}
   * throws {@link java.util.concurrent.BrokenBarrierException} (Python's {@code
   * BrokenBarrierError}); {@code await(Duration)} keeps its own timeout.
   *
   * @param parties how many jobs a round needs, {@code >= 1}
   * @param timeout the default timeout, positive
   * @return a new barrier
   * @throws IllegalArgumentException if {@code parties < 1} or {@code timeout} is not positive
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalStateException if the context is closed
   */
  Barrier barrier(int parties, Duration timeout);

  /**
   * A barrier with an action and a default timeout, as Python's {@code Barrier(parties, action,
   * timeout)}; see {@link #barrier(int, Action)} and {@link #barrier(int, Duration)}.
   *
   * @param parties how many jobs a round needs, {@code >= 1}
   * @param action the action, run once per round in the last job to arrive
   * @param timeout the default timeout, positive
   * @return a new barrier
   * @throws IllegalArgumentException if {@code parties < 1}, {@code timeout} is not positive, or
   *     the action cannot be serialized
   * @throws NullPointerException if {@code action} or {@code timeout} is null
   * @throws IllegalStateException if the context is closed
   */
  Barrier barrier(int parties, Action action, Duration timeout);

  /**
   * A shared {@code long}, as Python's {@code Value('q', initial)}.
   *
   * @param initial the value
   * @return a new shared value
   * @throws IllegalStateException if the context is closed
   */
  SharedLong sharedLong(long initial);

  /**
   * A shared {@code double}, as Python's {@code Value('d', initial)}.
   *
   * @param initial the value
   * @return a new shared value
   * @throws IllegalStateException if the context is closed
   */
  SharedDouble sharedDouble(double initial);

  /**
   * A shared, zero-filled {@code long} array, as Python's {@code Array('q', length)}.
   *
   * @param length the number of elements, {@code >= 0}
   * @return a new shared array
   * @throws IllegalArgumentException if {@code length < 0}
   * @throws IllegalStateException if the context is closed
   */
  SharedLongArray sharedLongArray(int length);

  /**
   * A shared, zero-filled {@code double} array, as Python's {@code Array('d', length)}.
   *
   * @param length the number of elements, {@code >= 0}
   * @return a new shared array
   * @throws IllegalArgumentException if {@code length < 0}
   * @throws IllegalStateException if the context is closed
   */
  SharedDoubleArray sharedDoubleArray(int length);

  /**
   * A shared {@code long} with or without a lock of its own, as Python's {@code Value('q', initial,
   * lock=...)}; {@code lock=false} is also Python's {@code RawValue('q', initial)}. Either way
   * every operation is atomic (multitask's values need no lock for that); a value without a lock
   * refuses {@link SharedLong#lock()}.
   *
   * @param initial the value
   * @param lock whether the value has a lock of its own
   * @return a new shared value
   * @throws IllegalStateException if the context is closed
   */
  SharedLong sharedLong(long initial, boolean lock);

  /**
   * A shared {@code double} with or without a lock of its own, as Python's {@code Value('d',
   * initial, lock=...)} and {@code RawValue('d', initial)}; see {@link #sharedLong(long, boolean)}.
   *
   * @param initial the value
   * @param lock whether the value has a lock of its own
   * @return a new shared value
   * @throws IllegalStateException if the context is closed
   */
  SharedDouble sharedDouble(double initial, boolean lock);

  /**
   * A shared, zero-filled {@code long} array with or without a lock of its own, as Python's {@code
   * Array('q', length, lock=...)} and {@code RawArray('q', length)}; each element is atomic either
   * way, and an array without a lock refuses {@link SharedLongArray#lock()}.
   *
   * @param length the number of elements, {@code >= 0}
   * @param lock whether the array has a lock of its own
   * @return a new shared array
   * @throws IllegalArgumentException if {@code length < 0}
   * @throws IllegalStateException if the context is closed
   */
  SharedLongArray sharedLongArray(int length, boolean lock);

  /**
   * A shared, zero-filled {@code double} array with or without a lock of its own, as Python's
   * {@code Array('d', length, lock=...)} and {@code RawArray('d', length)}; see {@link
   * #sharedLongArray(int, boolean)}.
   *
   * @param length the number of elements, {@code >= 0}
   * @param lock whether the array has a lock of its own
   * @return a new shared array
   * @throws IllegalArgumentException if {@code length < 0}
   * @throws IllegalStateException if the context is closed
   */
  SharedDoubleArray sharedDoubleArray(int length, boolean lock);

  /**
   * A block of raw shared memory, as Python's {@code shared_memory.SharedMemory(create=True,
   * size=bytes)}; in {@code /dev/shm} for every backend, so other processes may attach it by name.
   *
   * @param bytes the size, {@code >= 1}
   * @return a new, zero-filled block
   * @throws IllegalArgumentException if {@code bytes < 1} or larger than the free space for it
   * @throws IllegalStateException if the context is closed
   */
  SharedMemory sharedMemory(long bytes);

  /**
   * A manager of shared containers, as Python's {@code multiprocessing.Manager()}: its {@code
   * dict()}, {@code list()} and {@code namespace()} are shared by every job that holds them (for
   * processes, in shared memory, with no manager process). It closes with this context, or on its
   * own {@link Manager#close()}.
   *
   * @return a new manager
   * @throws IllegalStateException if the context is closed
   */
  Manager manager();

  /**
   * Waits until this context starts jobs at full speed: for processes, until its standby worker
   * JVMs are up and new workers start from the ahead-of-time cache that is trained in the
   * background the first time a class path is used (a few seconds, once); at once for threads and
   * coroutines. For benchmarks and services that want their first starts fast; nothing needs it.
   *
   * @param timeout how long to wait at most
   * @return whether jobs now start at full speed (false when the time ran out, or when there can be
   *     no cache: a class path with directories, {@code -Dmultitask.aot=false})
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws InterruptedException if interrupted while waiting
   */
  boolean awaitWarm(Duration timeout) throws InterruptedException;

  /**
   * Ends the context: no new jobs, daemon jobs stopped, non-daemon jobs waited for, then the pools
   * still open closed (their queued tasks finish first), then its managers. Daemon jobs are stopped
   * first, as Python's main process terminates its daemonic children before joining the others (for
   * threads and coroutines, stopping is an interrupt). If the waiting thread is interrupted, the
   * wait ends and the interrupt flag is kept.
   */
  @Override
  void close();
}

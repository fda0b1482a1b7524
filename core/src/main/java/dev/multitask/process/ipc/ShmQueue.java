package dev.multitask.process.ipc;

import dev.multitask.codec.Codec;
import dev.multitask.codec.RecordMaker;
import dev.multitask.codec.TravelsAsRecord;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.QueueClosedException;
import dev.multitask.process.shm.Futex;
import dev.multitask.process.shm.MadeObjects;
import dev.multitask.process.shm.Reclaimer;
import dev.multitask.process.shm.RobustMutex;
import dev.multitask.process.shm.SegmentFiles;
import dev.multitask.spi.HeadOnlyQueue;
import dev.multitask.spi.QueueOrder;
import dev.multitask.spi.QueueSnapshot;
import dev.multitask.spi.Uninterruptibly;
import dev.multitask.trace.Recorder;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The queue of {@code Multitask.processes()}: elements encoded in the caller and kept in shared
 * memory, usable by every process that maps it. One process creates it and owns its memory (removed
 * when that process {@linkplain #release() releases} it or exits); a copy sent to another process
 * (captured by a task, or put into another queue) is a handle, and resolves there to that JVM's one
 * mapping of the queue.
 *
 * <p>First-in-first-out queues keep elements in a chain of rings ({@link FifoStore}), with
 * producers and consumers on separate locks; encoded elements over {@value
 * ChainDescriptor#MAX_INLINE} bytes travel in a file of their own ({@link BlobFiles}). LIFO and
 * priority queues keep them in a heap ({@link HeapStore}) under one lock. Waiters spin for about
 * {@link Futex#SPIN_NANOS} and then block on a futex word, using no CPU; a native futex wait pins a
 * virtual thread's carrier, so virtual threads should use the coroutine backend's queues.
 *
 * <p>Failures: a producer killed at any point never leaves a partial element; a consumer killed
 * while taking loses at most the element it was taking. The size and capacity counts may end one
 * off after such a death (the count is stored after the element moves), never the elements.
 *
 * @param <T> the element type
 */
public final class ShmQueue<T> extends HeadOnlyQueue<T>
    implements JoinableQueue<T>, TravelsAsRecord {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * This JVM's one instance per queue name, so every handle shares one mapping and one set of
   * caches; held weakly, so a queue nobody here holds any more is unmapped.
   */
  private static final ConcurrentHashMap<String, WeakReference<ShmQueue<?>>> MAPPED =
      new ConcurrentHashMap<>();

  /**
   * First byte of a ring record that names a blob file instead of holding the element (no codec tag
   * is 0x7f).
   */
  private static final byte BLOB = 0x7f;

  private static final byte[] CLOSED = new byte[0];
  private static final long SPIN_NANOS = Futex.SPIN_NANOS;

  /** A non-blocking call waits at most this long for another process to leave the queue's lock. */
  static final long NON_BLOCKING_LOCK_MILLIS = 50;

  private static final long NON_BLOCKING_LOCK_NANOS =
      TimeUnit.MILLISECONDS.toNanos(NON_BLOCKING_LOCK_MILLIS);

  /** {@link #close()} waits at most this long for the producer lock, then closes without it. */
  static final long CLOSE_LOCK_MILLIS = 1000;

  private static final long CLOSE_LOCK_NANOS = TimeUnit.MILLISECONDS.toNanos(CLOSE_LOCK_MILLIS);
  private static final byte[] LOCK_BUSY = new byte[0];
  private static final int DONE = 0;
  private static final int NOT_NOW = 1;
  private static final int LOCK_TIMED_OUT = 2;

  private final String name;
  private final QueueOrder order;
  private final long capacity;
  private final transient Comparator<? super T> comparator;
  private final transient QueueControl control;
  private final transient ElementStore store;
  private final transient RobustMutex readLock;
  private transient long takeCountCache; // producer lock

  /** Unmaps the queue here and, for its owner, removes its memory; runs once. */
  private final transient Release release;

  /** How the context that made it tracks it, or null (attached here, or made outside a context). */
  private transient volatile MadeObjects.Made made;

  private transient volatile Cleaner.Cleanable cleanable;

  private ShmQueue(QueueControl control, ElementStore store, Comparator<? super T> comparator) {
    this.control = control;
    this.store = store;
    this.name = control.name();
    this.order = control.order;
    this.capacity = control.capacity;
    this.comparator = comparator;
    this.readLock = store.readsUnderProducerLock() ? control.producerLock : control.consumerLock;
    this.release = new Release(control, store, new WeakReference<>(this));
  }

  /** Registers the release: with the making context's {@code objects}, or on its own. */
  private ShmQueue<T> tracked(MadeObjects objects) {
    if (objects != null) {
      made = objects.add(this, release);
    } else {
      cleanable = Reclaimer.register(this, release);
    }
    MAPPED.put(name, release.ref);
    return this;
  }

  /**
   * Creates a queue owned by this process, released by {@link #release()} or when nothing holds it.
   *
   * @param comparator for a priority queue: the order (serializable), or null for natural order
   */
  public static <T> ShmQueue<T> create(
      QueueOrder order, int capacity, Comparator<? super T> comparator) {
    return create(order, capacity, comparator, null);
  }

  /**
   * Creates a queue owned by this process, released with the context that tracks it in {@code
   * objects} (see {@link MadeObjects} for when it goes earlier).
   *
   * @param comparator for a priority queue: the order (serializable), or null for natural order
   * @param objects the making context's objects, or null for a queue released on its own
   */
  public static <T> ShmQueue<T> create(
      QueueOrder order, int capacity, Comparator<? super T> comparator, MadeObjects objects) {
    if (comparator != null) {
      Codec.encode(comparator); // fails here, naming the field, if it cannot travel to children
    }
    QueueControl control = QueueControl.create(order, capacity);
    try {
      ElementStore store =
          order == QueueOrder.FIFO
              ? FifoStore.create(control)
              : HeapStore.create(control, elementOrder(order, comparator));
      return new ShmQueue<T>(control, store, comparator).tracked(objects);
    } catch (RuntimeException e) {
      control.close();
      throw e;
    }
  }

  private static synchronized ShmQueue<?> attach(String name, Comparator<?> comparator) {
    WeakReference<ShmQueue<?>> known = MAPPED.get(name);
    ShmQueue<?> mapped = known == null ? null : known.get();
    if (mapped != null && !mapped.release.done()) {
      return mapped;
    }
    QueueControl control = QueueControl.attach(name);
    try {
      ElementStore store =
          control.order == QueueOrder.FIFO
              ? FifoStore.attach(control)
              : HeapStore.attach(control, elementOrder(control.order, comparator));
      return new ShmQueue<>(control, store, comparator).tracked(null);
    } catch (RuntimeException e) {
      control.close();
      throw e;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<byte[]> elementOrder(QueueOrder order, Comparator<?> comparator) {
    if (order == QueueOrder.LIFO) {
      return null;
    }
    Comparator<Object> c =
        comparator != null
            ? (Comparator<Object>) comparator
            : (a, b) -> ((Comparable) a).compareTo(b);
    return (a, b) -> c.compare(Codec.decode(a), Codec.decode(b));
  }

  // ---- put side

  @Override
  public void put(T e) throws InterruptedException {
    insert(e, Long.MAX_VALUE);
  }

  @Override
  public boolean offer(T e, long timeout, TimeUnit unit) throws InterruptedException {
    return insert(e, unit.toNanos(timeout));
  }

  @Override
  public boolean offer(T e) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return insert(e, 0);
        } catch (InterruptedException ie) {
          interrupted =
              true; // only a short lock wait: finish it, keep the interrupt for the caller
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean insert(T e, long timeoutNanos) throws InterruptedException {
    byte[] bytes = encode(e);
    boolean inserted = false;
    try {
      inserted = insertEncoded(bytes, timeoutNanos);
      return inserted;
    } catch (IllegalArgumentException | IndexOutOfBoundsException | InternalError damage) {
      throw damaged(damage);
    } finally {
      if (!inserted && bytes[0] == BLOB) {
        BlobFiles.discard(blobName(bytes));
      }
    }
  }

  private boolean insertEncoded(byte[] bytes, long timeoutNanos) throws InterruptedException {
    long start = timeoutNanos > 0 && timeoutNanos != Long.MAX_VALUE ? System.nanoTime() : 0;
    while (true) {
      int tried = tryInsert(bytes, lockBudget(timeoutNanos, start));
      if (tried == DONE) {
        return true;
      }
      long remaining = remaining(timeoutNanos, start);
      if (tried == LOCK_TIMED_OUT || remaining <= 0) {
        return false;
      }
      awaitRoom(remaining);
    }
  }

  /**
   * What a failure inside the queue's own memory becomes: an exception that says the queue is
   * damaged (a header or name overwritten, a file truncated by another process) instead of the
   * memory API's or the decoder's own.
   */
  private IllegalStateException damaged(Throwable cause) {
    String files = control.describeDamage();
    return new IllegalStateException(
        "queue "
            + name
            + " is damaged"
            + (files == null ? "" : ": " + files)
            + " ("
            + cause
            + "); it cannot be used any more: make a new queue",
        cause);
  }

  // DONE, NOT_NOW (full) or LOCK_TIMED_OUT
  private int tryInsert(byte[] bytes, long lockNanos) throws InterruptedException {
    RobustMutex lock = control.producerLock;
    if (!lock(lock, lockNanos)) {
      return LOCK_TIMED_OUT;
    }
    try {
      if (control.closedAcquire()) {
        throw new QueueClosedException("queue " + name + " is closed: no more elements may be put");
      }
      long put = control.putCountAcquire();
      if (capacity > 0 && put - takeCountCache >= capacity) {
        takeCountCache = control.takeCountAcquire();
        if (put - takeCountCache >= capacity) {
          return NOT_NOW;
        }
      }
      store.write(bytes);
      control.setPutCountRelease(put + 1);
    } finally {
      lock.unlock(this);
    }
    control.notEmpty.signalAll();
    return DONE;
  }

  /**
   * Takes one of the queue's internal locks, waiting at most {@code lockNanos}, and repairs the
   * store when the lock was taken over from a process that died holding it.
   */
  private boolean lock(RobustMutex lock, long lockNanos) throws InterruptedException {
    RobustMutex.Outcome outcome = lock.lock(lockNanos, null);
    if (outcome == RobustMutex.Outcome.OWNER_DIED) {
      store.recover(lock == control.producerLock);
    }
    return outcome.locked();
  }

  /**
   * How long a call with {@code timeoutNanos} ({@code Long.MAX_VALUE}: none; 0: a non-blocking
   * call) that started at {@code start} may still wait for an internal lock.
   */
  private static long lockBudget(long timeoutNanos, long start) {
    if (timeoutNanos == Long.MAX_VALUE) {
      return Futex.FOREVER;
    }
    return timeoutNanos <= 0
        ? NON_BLOCKING_LOCK_NANOS
        : Math.max(0, remaining(timeoutNanos, start));
  }

  private static long remaining(long timeoutNanos, long start) {
    if (timeoutNanos == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return timeoutNanos <= 0 ? 0 : timeoutNanos - (System.nanoTime() - start);
  }

  private void awaitRoom(long timeoutNanos) throws InterruptedException {
    long start = System.nanoTime();
    while (System.nanoTime() - start < SPIN_NANOS) {
      Thread.onSpinWait();
      if (hasRoomNow()) {
        return;
      }
    }
    int seq = control.notFull.register();
    if (hasRoomNow()) {
      control.notFull.unregister();
      return;
    }
    control.notFull.awaitThenUnregister(seq, timeoutNanos - (System.nanoTime() - start));
    Recorder.queueWait(name, true, start); // a wait that slept, spin included
  }

  private boolean hasRoomNow() {
    return control.putCountAcquire() - control.takeCountAcquire() < capacity
        || control.closedAcquire();
  }

  // ---- take side

  @Override
  public T take() throws InterruptedException {
    return remove(Long.MAX_VALUE, true);
  }

  @Override
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    return remove(unit.toNanos(timeout), false);
  }

  @Override
  public T poll() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return remove(0, false);
        } catch (InterruptedException ie) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private T remove(long timeoutNanos, boolean failIfClosed) throws InterruptedException {
    byte[] bytes;
    try {
      bytes = removeEncoded(timeoutNanos);
    } catch (IllegalArgumentException | IndexOutOfBoundsException | InternalError damage) {
      throw damaged(damage);
    }
    if (bytes == CLOSED) {
      if (failIfClosed) {
        throw new QueueClosedException(
            "queue " + name + " is closed and drained: nothing more will arrive");
      }
      return null;
    }
    return bytes == null ? null : decode(bytes);
  }

  // an element, CLOSED, or null when none came in time
  private byte[] removeEncoded(long timeoutNanos) throws InterruptedException {
    long start = timeoutNanos > 0 && timeoutNanos != Long.MAX_VALUE ? System.nanoTime() : 0;
    while (true) {
      byte[] bytes = tryRemove(lockBudget(timeoutNanos, start));
      if (bytes == CLOSED || (bytes != null && bytes != LOCK_BUSY)) {
        return bytes;
      }
      long remaining = remaining(timeoutNanos, start);
      if (bytes == LOCK_BUSY || remaining <= 0) {
        return null;
      }
      awaitElement(remaining);
    }
  }

  // an element, CLOSED (closed and drained), LOCK_BUSY (the lock wait timed out) or null (empty)
  private byte[] tryRemove(long lockNanos) throws InterruptedException {
    checkMapped();
    RobustMutex lock = readLock;
    if (!lock(lock, lockNanos)) {
      return LOCK_BUSY;
    }
    byte[] bytes;
    try {
      boolean closed = control.closedAcquire(); // before the store: nothing can arrive after this
      bytes = store.read();
      if (bytes == null) {
        return closed ? CLOSED : null;
      }
      control.setTakeCountRelease(control.takeCountAcquire() + 1);
    } finally {
      lock.unlock(this);
    }
    if (capacity > 0) {
      control.notFull.signalAll();
    }
    return bytes;
  }

  private void awaitElement(long timeoutNanos) throws InterruptedException {
    long start = System.nanoTime();
    long seen = control.putCountAcquire();
    while (System.nanoTime() - start
        < SPIN_NANOS) { // unregistered: a producer meanwhile makes no wake call
      Thread.onSpinWait();
      if (control.putCountAcquire() != seen) {
        return;
      }
    }
    int seq = control.notEmpty.register();
    boolean ready;
    try {
      ready = readyLocked(timeoutNanos - (System.nanoTime() - start));
    } catch (InterruptedException | RuntimeException e) {
      control.notEmpty.unregister();
      throw e;
    }
    if (ready) {
      control.notEmpty.unregister();
      return;
    }
    control.notEmpty.awaitThenUnregister(seq, timeoutNanos - (System.nanoTime() - start));
    Recorder.queueWait(name, false, start); // a wait that slept, spin included
  }

  // the last look before sleeping, under the lock, so it never misses an element the counts miss;
  // true also when the lock stayed busy: the caller looks again, within its own time
  private boolean readyLocked(long lockNanos) throws InterruptedException {
    RobustMutex lock = readLock;
    if (!lock(lock, Math.max(0, lockNanos))) {
      return true;
    }
    try {
      return control.closedAcquire() || store.hasElement();
    } finally {
      lock.unlock(this);
    }
  }

  @Override
  public int drainTo(Collection<? super T> c) {
    return drainTo(c, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super T> c, int maxElements) {
    Objects.requireNonNull(c, "c: pass the collection to drain into");
    if (c == this) {
      throw new IllegalArgumentException("cannot drain a queue into itself");
    }
    int n = 0;
    T e;
    while (n < maxElements && (e = poll()) != null) {
      c.add(e);
      n++;
    }
    return n;
  }

  /**
   * The head without removing it: a snapshot, another process may take it before the caller does.
   * Null also when another process has held the queue's lock for {@value #NON_BLOCKING_LOCK_MILLIS}
   * ms, as {@link #poll()}.
   */
  @Override
  public T peek() {
    checkMapped();
    RobustMutex lock = readLock;
    if (!lockOrDamaged(lock, NON_BLOCKING_LOCK_NANOS)) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = store.peek();
    } catch (IllegalArgumentException | IndexOutOfBoundsException | InternalError damage) {
      throw damaged(damage);
    } finally {
      lock.unlock(this);
    }
    if (bytes == null) {
      return null;
    }
    return bytes.length > 0 && bytes[0] == BLOB
        ? decodeBytes(BlobFiles.peek(blobName(bytes)))
        : decodeBytes(bytes);
  }

  /**
   * A weakly consistent iterator over a snapshot, in the order {@code take} would return the
   * elements (see {@link dev.multitask.ipc.Queue}): the encoded elements are copied in one step
   * under the queue's read lock, which this waits for as {@code take} does (keeping the interrupt
   * flag), and decoded outside it, as the walk reaches them (a priority queue's at once, to sort
   * them). Its {@code remove} is not supported.
   */
  @Override
  public Iterator<T> iterator() {
    List<byte[]> encoded = snapshotEncoded();
    if (order == QueueOrder.PRIORITY) {
      List<T> decoded = new ArrayList<>(encoded.size());
      for (byte[] bytes : encoded) {
        decoded.add(decodeBytes(bytes));
      }
      decoded.sort(priorityOrder()); // stable: equal elements stay in put order, as take has them
      return QueueSnapshot.of(decoded);
    }
    if (order == QueueOrder.LIFO) {
      Collections.reverse(encoded);
    }
    return QueueSnapshot.over(encoded, this::decodeBytes);
  }

  // every element, encoded, in put order; large elements read from their files while the lock
  // keeps takers from unlinking them
  private List<byte[]> snapshotEncoded() {
    checkMapped();
    RobustMutex lock = readLock;
    lockOrDamaged(lock, Futex.FOREVER);
    try {
      List<byte[]> encoded = store.snapshot();
      for (ListIterator<byte[]> it = encoded.listIterator(); it.hasNext(); ) {
        byte[] bytes = it.next();
        if (bytes.length > 0 && bytes[0] == BLOB) {
          it.set(BlobFiles.peek(blobName(bytes)));
        }
      }
      return encoded;
    } catch (IllegalArgumentException | IndexOutOfBoundsException | InternalError damage) {
      throw damaged(damage);
    } finally {
      lock.unlock(this);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Comparator<? super T> priorityOrder() {
    return comparator != null ? comparator : (a, b) -> ((Comparable) a).compareTo(b);
  }

  @Override
  public int size() {
    long size = control.putCountAcquire() - control.takeCountAcquire();
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, size));
  }

  @Override
  public int remainingCapacity() {
    return capacity == 0 ? Integer.MAX_VALUE : (int) Math.max(0, capacity - size());
  }

  // a lock held only for a copy: finish waiting for it, keep the interrupt for the caller
  private boolean lockOrDamaged(RobustMutex lock, long lockNanos) {
    boolean[] locked = new boolean[1];
    try {
      Uninterruptibly.run(() -> locked[0] = lock(lock, lockNanos));
    } catch (IllegalArgumentException | IndexOutOfBoundsException | InternalError damage) {
      throw damaged(damage);
    }
    return locked[0];
  }

  // ---- close, joinable

  /**
   * Closes the queue for every process: puts fail from now on, takers drain what is left and then
   * learn that nothing more will arrive. Never hangs: when another process has held the producer
   * lock for {@value #CLOSE_LOCK_MILLIS} ms (stopped, or stuck), the queue is closed without it,
   * and an element that process was putting at that moment may arrive after takers saw the end.
   */
  @Override
  public void close() {
    checkMapped();
    RobustMutex lock = control.producerLock;
    boolean locked = lockOrDamaged(lock, CLOSE_LOCK_NANOS);
    try {
      control.setClosedRelease();
    } finally {
      if (locked) {
        lock.unlock(this);
      }
    }

    control.notEmpty.signalAll();
    control.notFull.signalAll();
  }

  @Override
  public boolean isClosed() {
    return control.closedAcquire();
  }

  /** The lock takers hold while they take: for tests that play a taker stopped inside the queue. */
  RobustMutex readLock() {
    return readLock;
  }

  @Override
  public void taskDone() {
    while (true) {
      long done = control.tasksDoneVolatile();
      long put = control.putCountAcquire();
      if (done >= put) {
        throw new IllegalStateException(
            "taskDone called more times than elements were put into queue "
                + name
                + ": put="
                + put
                + ", done="
                + done);
      }
      if (control.casTasksDone(done, done + 1)) {
        if (done + 1 >= put) {
          control.allDone.signalAll();
        }
        return;
      }
    }
  }

  @Override
  public void join() throws InterruptedException {
    join(Long.MAX_VALUE);
  }

  @Override
  public boolean join(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    return join(timeout.toNanos());
  }

  private boolean join(long timeoutNanos) throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      if (unfinishedTasks() == 0) {
        return true;
      }
      long remaining = timeoutNanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        return false;
      }
      int seq = control.allDone.register();
      if (unfinishedTasks() == 0) {
        control.allDone.unregister();
        return true;
      }
      control.allDone.awaitThenUnregister(seq, remaining);
    }
  }

  @Override
  public long unfinishedTasks() {
    return Math.max(0, control.putCountAcquire() - control.tasksDoneVolatile());
  }

  // ---- encoding

  private byte[] encode(T e) {
    Objects.requireNonNull(e, "element: a queue holds no nulls");
    checkMapped();
    if (order == QueueOrder.PRIORITY && comparator == null && !(e instanceof Comparable)) {
      throw new ClassCastException(
          e.getClass().getName()
              + " is not Comparable: a priority queue in natural order "
              + "needs Comparable elements; make it one, or pass a comparator to priorityQueue(capacity, comparator)");
    }
    byte[] bytes = Codec.encode(e);
    if (bytes.length <= ChainDescriptor.MAX_INLINE || order != QueueOrder.FIFO) {
      return bytes;
    }
    control.markBlobs();
    String file = BlobFiles.write(name, bytes);
    byte[] ref = new byte[1 + file.length()];
    ref[0] = BLOB;
    for (int i = 0; i < file.length(); i++) {
      ref[i + 1] = (byte) file.charAt(i);
    }
    return ref;
  }

  private T decode(byte[] bytes) {
    return decodeBytes(
        bytes.length > 0 && bytes[0] == BLOB ? BlobFiles.take(blobName(bytes)) : bytes);
  }

  @SuppressWarnings("unchecked")
  private T decodeBytes(byte[] encoded) {
    return (T) Codec.decode(encoded);
  }

  private static String blobName(byte[] ref) {
    return new String(ref, 1, ref.length - 1, java.nio.charset.StandardCharsets.US_ASCII);
  }

  // ---- lifetime, passing

  private void checkMapped() {
    if (release.done()) {
      throw new IllegalStateException(
          "queue " + name + " was released in this process (its context is closed)");
    }
  }

  /**
   * Unmaps the queue in this process; for its owner, also removes its memory, so no process can
   * attach any more (processes that mapped it keep their mapping). Threads of this process still
   * blocked on the queue keep it mapped until they leave. Idempotent.
   */
  public void release() {
    MadeObjects.Made tracked = made;
    if (tracked != null) {
      tracked.release();
    } else {
      cleanable.clean();
    }
  }

  /** What {@link #release()} does; also run by the reclaimer once nothing holds the queue. */
  private static final class Release implements Runnable {
    private final QueueControl control;
    private final ElementStore store;
    private final WeakReference<ShmQueue<?>> ref;
    private final AtomicBoolean done = new AtomicBoolean();

    Release(QueueControl control, ElementStore store, WeakReference<ShmQueue<?>> ref) {
      this.control = control;
      this.store = store;
      this.ref = ref;
    }

    boolean done() {
      return done.get();
    }

    @Override
    public void run() {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      MAPPED.remove(control.name(), ref);
      try {
        if (control.isOwner()) {
          unlinkNames(control);
        }
      } catch (RuntimeException
          | InternalError damaged) { // InternalError: a truncated file's fault
        System.getLogger("dev.multitask")
            .log(
                System.Logger.Level.WARNING,
                "queue " + control.name() + " is damaged: not every file of it could be removed",
                damaged);
      } finally {
        try {
          store.close();
          control.close();
        } catch (IllegalStateException inUse) {
          // a thread of this JVM is still blocked on it: the mapping stays until this JVM exits
        }
      }
    }
  }

  /** Removes every name of the queue's memory: its control segment, then its rings or heap. */
  private static void unlinkNames(QueueControl control) {
    // the control segment first: its name is ours, the others are read from shared memory that may
    // be damaged
    SegmentFiles.unlink(SegmentFiles.directory().resolve(control.name()));
    if (control.order == QueueOrder.FIFO) {
      FifoStore.unlinkChain(control);
    }
    String store = control.writeName();
    if (!store.isEmpty()) {
      SegmentFiles.unlink(SegmentFiles.directory().resolve(store));
    }
    if (control.hadBlobs()) {
      BlobFiles.unlinkAll(control.name()); // also those of producers and consumers killed mid-way
    }
  }

  /** The name of the control segment: what a handle carries. */
  public String name() {
    return name;
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    MadeObjects.Made tracked = made;
    if (tracked != null) {
      tracked.pin(this); // another process may attach it by name: keep it until the context closes
    }
    return new Handle(name, comparator);
  }

  /**
   * What travels when a queue is sent to another process: its name and, for a priority queue, its
   * order.
   */
  private record Handle(String name, Comparator<?> comparator) implements Serializable {
    static {
      Codec.makeRecords(MethodHandles.lookup(), new Maker());
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
      return attach(name, comparator);
    }

    /** Makes handles as the stream does, without the method handles a fresh worker would spin. */
    private static final class Maker implements RecordMaker<Handle> {
      @Override
      public Handle make(Object[] c) {
        return new Handle((String) c[0], (Comparator<?>) c[1]);
      }

      @Override
      public Object resolve(Handle made) {
        return attach(made.name, made.comparator);
      }
    }
  }

  @Override
  public String toString() {
    return "ShmQueue["
        + order
        + ", size="
        + size()
        + ", capacity="
        + (capacity == 0 ? "unbounded" : capacity)
        + (isClosed() ? ", closed" : "")
        + ", "
        + name
        + "]";
  }
}
